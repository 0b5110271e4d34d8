// Package comfycmd implements `cogport comfy`: a ComfyUI workflow (UI or
// API format) to a Cog package that runs it with ComfyUI inside the
// container.
package comfycmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/cli/pkgcmd"
	"github.com/cogport/cogport/internal/output"
	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/recipes"
	recipe "github.com/cogport/cogport/recipes/comfy"
	"github.com/cogport/cogport/sources/comfy"
	"github.com/cogport/cogport/sources/comfy/catalog"
)

// Size limits of the files the command reads: the workflow is checked
// before it is parsed; /object_info dumps of a ComfyUI with many packs run
// to tens of megabytes; maps are small.
const (
	objectInfoMaxBytes = 256 << 20
	mapMaxBytes        = 16 << 20
)

// Options are the flags and arguments of `cogport comfy`.
type Options struct {
	IO *cmdutil.IO
	// Workflow is the workflow file, or "-" for stdin.
	Workflow   string
	Output     string
	ObjectInfo []string
	ManagerDir string
	ModelMap   string
	NodeMap    string
	Expose     []string
	Hide       []string
	Force      bool
	DryRun     bool
	JSON       bool
	Quiet      bool
	Templates  string
	Recipe     recipe.Options
	// MaxBytes limits the workflow's size; ≤ 0 means comfy.DefaultMaxBytes.
	MaxBytes int64
}

// NewCmd builds `cogport comfy`. runF replaces the command's work in tests
// of the flag wiring; nil runs it for real.
func NewCmd(streams *cmdutil.IO, runF func(context.Context, *Options) error) *cobra.Command {
	o := &Options{IO: streams}
	cmd := &cobra.Command{
		Use:   "comfy WORKFLOW.json",
		Short: "Package a ComfyUI workflow (UI or API format) as a Cog model",
		Long: `Package a ComfyUI workflow as a Cog model for Replicate.

WORKFLOW.json is a workflow as ComfyUI saves it ("Save" or "Export", the UI
format, subgraphs and group nodes included) or in the API format ("Export
(API)"); "-" reads it from stdin. cogport converts it to the API format and
traces typed inputs through the graph: prompts, negative prompts, seeds
(blank means random), steps, cfg, sampler and scheduler (as choices), image
size, LoRA strengths, and images, masks, audio and video as files.

The package installs ComfyUI at a pinned commit and the workflow's custom
node packs at pinned commits (found from the workflow's own metadata,
ComfyUI-Manager's node map and cog-comfyui's pins), downloads every model
file the workflow loads in setup() with pget, and serves predictions by
queuing the workflow on ComfyUI running inside the container.

When a model or node cannot be resolved, cogport stops and lists each one.
Map them yourself:

  models.yaml:   my_lora.safetensors: {url: https://…/my_lora.safetensors, folder: loras}
  nodes.yaml:    MyNodeClass: https://github.com/owner/pack@<commit>

or pass --allow-unresolved to package the workflow anyway (each gap becomes a
warning in the README).`,
		Example: `  cogport comfy txt2img.json -o txt2img
  cogport comfy workflow_api.json --models models.yaml --nodes nodes.yaml -o pkg
  cogport comfy flux.json --object-info object_info.json --expose 25.guidance -o flux
  cogport comfy inpaint.json --hide denoise --model me/inpaint -o inpaint
  cogport comfy workflow.json --dry-run --json | jq '.inputs[].name'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Workflow = args[0]
			if err := o.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return Run(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.Output, "output", "o", "", "folder to write the package to (default: the workflow's file name)")
	f.StringArrayVar(&o.ObjectInfo, "object-info", nil, "an /object_info dump of your ComfyUI, for the classes of its custom nodes (repeatable)")
	f.StringVar(&o.ManagerDir, "manager-dir", "", "a folder with fresh ComfyUI-Manager files (extension-node-map.json, model-list.json, ...) and cog-comfyui's weights.json, instead of the built-in copy")
	f.StringVar(&o.ModelMap, "models", "", "YAML mapping model file names to {url, folder}, for models cogport cannot find")
	f.StringVar(&o.NodeMap, "nodes", "", "YAML mapping node classes to their pack's repo (https://github.com/owner/name@commit)")
	f.StringArrayVar(&o.Expose, "expose", nil, "also expose a node input as a predict() input: NODE_ID.INPUT, or an input name for every node that has it (repeatable)")
	f.StringArrayVar(&o.Hide, "hide", nil, "drop a traced input, by its name or NODE_ID.INPUT (repeatable)")
	f.BoolVar(&o.Recipe.AllowUnresolved, "allow-unresolved", false, "package the workflow even when models or nodes are unresolved (each becomes a warning)")
	f.StringVar(&o.Recipe.Model, "model", "", "Replicate model to push to, owner/name (default: a placeholder)")
	f.BoolVar(&o.Force, "force", false, "write into a non-empty folder, replacing the files cogport generates")
	f.BoolVar(&o.DryRun, "dry-run", false, "print what would be generated and write nothing")
	f.BoolVar(&o.JSON, "json", false, "print the plan as JSON on stdout")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print only the folder written, not the plan's summary")
	f.StringVar(&o.Templates, "templates", "", "your own templates, overriding cogport's: a folder laid out like templates/files, or a git URL[@ref]")
	return cmd
}

func (o *Options) validate() error {
	if o.Recipe.Model != "" && !recipes.ValidModelName(o.Recipe.Model) {
		return cmdutil.UsageErrorf("--model %q is not owner/name in lowercase letters, digits, '-', '_' and '.'", o.Recipe.Model)
	}
	for _, e := range append(append([]string{}, o.Expose...), o.Hide...) {
		if strings.TrimSpace(e) == "" {
			return cmdutil.UsageErrorf("--expose and --hide take a name or NODE_ID.INPUT, not an empty string")
		}
	}
	return nil
}

// Run does the work: read the workflow, plan, render, then write or print.
func Run(ctx context.Context, o *Options) error {
	w, err := o.load()
	if err != nil {
		return err
	}
	p, err := recipe.Build(w, o.Recipe)
	var unresolved *recipe.UnresolvedError
	if errors.As(err, &unresolved) {
		return fmt.Errorf("%w (give download URLs with --models FILE and node packs with --nodes FILE, or pass --allow-unresolved)", err)
	}
	if err != nil {
		return err
	}
	files, err := o.render(ctx, p)
	if err != nil {
		return err
	}
	if o.DryRun {
		return o.report(p, files, nil)
	}
	res, err := output.Write(ctx, o.outputDir(), files, o.Force)
	if err != nil {
		return err
	}
	return o.report(p, files, &res)
}

// load reads the workflow and everything that helps resolve it.
func (o *Options) load() (*facts.ComfyWorkflow, error) {
	data, err := o.readWorkflow()
	if err != nil {
		return nil, err
	}
	opts := comfy.Options{Name: o.workflowName(), MaxBytes: o.MaxBytes,
		Trace: comfy.TraceOptions{Expose: o.Expose, Hide: o.Hide}}
	for _, f := range o.ObjectInfo {
		b, err := readLimited(f, objectInfoMaxBytes)
		if err != nil {
			return nil, fmt.Errorf("--object-info: %w", err)
		}
		opts.ObjectInfo = append(opts.ObjectInfo, b)
	}
	if opts.Catalog, err = o.catalog(); err != nil {
		return nil, err
	}
	if opts.Models, err = readMap(o.ModelMap, "--models", comfy.ParseModelMap); err != nil {
		return nil, err
	}
	if opts.Nodes, err = readMap(o.NodeMap, "--nodes", comfy.ParseNodeMap); err != nil {
		return nil, err
	}
	w, err := comfy.Load(data, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opts.Name, err)
	}
	return w, nil
}

func (o *Options) readWorkflow() ([]byte, error) {
	var r io.Reader = o.IO.In
	if o.Workflow != "-" {
		f, err := os.Open(o.Workflow)
		if err != nil {
			return nil, fmt.Errorf("read workflow: %w", err)
		}
		defer f.Close()
		r = f
	}
	data, err := comfy.ReadLimited(r, o.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("read workflow %s: %w", o.workflowName(), err)
	}
	return data, nil
}

func (o *Options) workflowName() string {
	if o.Workflow == "-" {
		return "workflow.json"
	}
	return filepath.Base(o.Workflow)
}

// catalog is the built-in catalog, or one read from --manager-dir, which
// may hold cog-comfyui's files beside ComfyUI-Manager's.
func (o *Options) catalog() (*catalog.Catalog, error) {
	if o.ManagerDir == "" {
		return nil, nil
	}
	if fi, err := os.Stat(o.ManagerDir); err != nil || !fi.IsDir() {
		return nil, cmdutil.UsageErrorf("--manager-dir %s is not a folder", o.ManagerDir)
	}
	d, err := catalog.LoadDir(o.ManagerDir, o.ManagerDir)
	if err != nil {
		return nil, fmt.Errorf("--manager-dir: %w", err)
	}
	return catalog.New(d)
}

func readMap[M any](file, flag string, parse func([]byte) (M, error)) (M, error) {
	var zero M
	if file == "" {
		return zero, nil
	}
	b, err := readLimited(file, mapMaxBytes)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", flag, err)
	}
	m, err := parse(b)
	if err != nil {
		return zero, fmt.Errorf("%s %s: %w", flag, file, err)
	}
	return m, nil
}

func readLimited(file string, max int64) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := comfy.ReadLimited(f, max)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return b, nil
}

// outputDir is -o, else the workflow's file name without .json.
func (o *Options) outputDir() string {
	if o.Output != "" {
		return o.Output
	}
	name := strings.TrimSuffix(o.workflowName(), ".json")
	if name == "" || name == "." {
		name = "comfyui-workflow"
	}
	return name
}

func (o *Options) render(ctx context.Context, p *plan.Plan) ([]generators.File, error) {
	answers := map[string]string{"recipe": p.Recipe, "model": p.Model, "workflow": o.workflowName()}
	if o.Recipe.AllowUnresolved {
		answers["allow_unresolved"] = "true"
	}
	return pkgcmd.Render(ctx, p, o.Templates, answers)
}
