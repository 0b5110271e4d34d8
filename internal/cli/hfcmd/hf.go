// Package hfcmd implements `cogport hf`: a Hugging Face model, from the Hub
// or from a snapshot folder, to a Cog package.
package hfcmd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/cli/pkgcmd"
	"github.com/cogport/cogport/internal/output"
	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/recipes"
	"github.com/cogport/cogport/sources/hf"
)

// Options are the flags and arguments of `cogport hf`.
type Options struct {
	IO         *cmdutil.IO
	Source     string
	Output     string
	Revision   string
	RepoID     string
	Force      bool
	DryRun     bool
	JSON       bool
	Quiet      bool
	TokenStdin bool
	Timeout    time.Duration
	Templates  string
	// Base is the base model of an adapter: a Hub id or a snapshot folder
	// (default: the one the adapter's card names).
	Base         string
	BaseRevision string
	Recipe       recipes.Options
	// Hub adjusts the Hub client's options; tests use it to skip backoff waits.
	Hub func(*hf.Options)

	hub *hf.Client
}

// NewCmd builds `cogport hf`. runF replaces the command's work in tests of
// the flag wiring; nil runs it for real.
func NewCmd(streams *cmdutil.IO, runF func(context.Context, *Options) error) *cobra.Command {
	o := &Options{IO: streams}
	cmd := &cobra.Command{
		Use:   "hf SOURCE",
		Short: "Package a Hugging Face model (org/name, or a snapshot folder)",
		Long: `Package a Hugging Face model as a Cog model for Replicate.

SOURCE is a Hub repo id (org/name) or a folder laid out like a Hub snapshot
(README.md, config files, weights), read with no network.

cogport reads the model info, the card and only the config files its recipe
needs, all pinned to one commit; picks a recipe from the task and library;
and writes cog.yaml, predict.py (typed, described inputs), weights.py
(exactly the files the model loads), pinned requirements.txt, README.md, a
cog-safe-push config, a CI workflow and script/{lint,test,push}.

Gated and private models need a token: HF_TOKEN, HUGGING_FACE_HUB_TOKEN,
$HF_HOME/token, or --token-stdin. HF_ENDPOINT points at another Hub.`,
		Example: `  cogport hf stabilityai/sdxl-turbo -o sdxl-turbo
  cogport hf openai/whisper-base --dry-run --json | jq .inputs
  cogport hf ./my-snapshot --repo-id me/my-model -o out
  echo "$TOKEN" | cogport hf meta-llama/Llama-3.1-8B-Instruct --token-stdin -o llama`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Source = args[0]
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
	f.StringVarP(&o.Output, "output", "o", "", "folder to write the package to (default: the model's name)")
	f.StringVar(&o.Revision, "revision", "", "branch, tag or commit to read (default: main); the package is pinned to its commit")
	f.StringVar(&o.RepoID, "repo-id", "", "for a snapshot folder: the Hub repo it came from, so weights download from the Hub")
	f.BoolVar(&o.Force, "force", false, "write into a non-empty folder, replacing the files cogport generates")
	f.BoolVar(&o.DryRun, "dry-run", false, "print what would be generated and write nothing")
	f.BoolVar(&o.JSON, "json", false, "print the plan as JSON on stdout")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print no progress on stderr")
	f.BoolVar(&o.TokenStdin, "token-stdin", false, "read a Hugging Face token from the first line of stdin")
	f.DurationVar(&o.Timeout, "timeout", 5*time.Minute, "give up on the Hub after this long")
	f.StringVar(&o.Recipe.Model, "model", "", "Replicate model to push to, owner/name (default: from the source)")
	f.StringVar(&o.Recipe.Weights, "weights", "", "how weights reach the container: bake, pget or hub (default: by size and gating)")
	f.StringVar(&o.Recipe.WeightsURL, "weights-url", "", "base URL of a mirror of the repository's files, for pget")
	f.StringVar(&o.Base, "base", "", "for an adapter (LoRA, PEFT): its base model, a Hub id or a snapshot folder (default: the one its card names)")
	f.StringVar(&o.BaseRevision, "base-revision", "", "the base model's branch, tag or commit (default: main, pinned to its commit)")
	f.BoolVar(&o.Recipe.TrustRemoteCode, "trust-remote-code", false, "allow models that run Python code from their own repository (auto_map): read that code first")
	f.BoolVar(&o.Recipe.Compile, "compile", false, "torch.compile the denoiser in setup() with one warm-up call: slower cold boot, faster predictions")
	f.StringVar(&o.Recipe.Engine, "engine", "auto", "serving engine of a text-generation model: auto (vLLM from 7B parameters or 10 GB of weights), transformers or vllm")
	f.BoolVar(&o.Recipe.Train, "train", false, "add train.py, a LoRA fine-tuning script (diffusers text-to-image, transformers text-generation), and load its weights in setup()")
	f.StringVar(&o.Recipe.CogAPI, "cog-api", recipes.CogAPIPredict, "cog entry point: predict (predict.py, cog 0.16+, cog-safe-push) or run (run.py with a Runner, cog 0.20+)")
	f.StringVar(&o.Templates, "templates", "", "your own templates, overriding cogport's: a folder laid out like templates/files, or a git URL[@ref]")
	return cmd
}

func (o *Options) validate() error {
	if o.Recipe.Model != "" && !recipes.ValidModelName(o.Recipe.Model) {
		return cmdutil.UsageErrorf("--model %q is not owner/name in lowercase letters, digits, '-', '_' and '.'", o.Recipe.Model)
	}
	switch o.Recipe.Weights {
	case "", "bake", "pget", "hub":
	default:
		return cmdutil.UsageErrorf("--weights %q: choose bake, pget or hub", o.Recipe.Weights)
	}
	if o.Recipe.WeightsURL != "" && !strings.HasPrefix(o.Recipe.WeightsURL, "https://") {
		return cmdutil.UsageErrorf("--weights-url must be an https:// URL")
	}
	switch o.Recipe.Engine {
	case "auto":
		o.Recipe.Engine = recipes.EngineAuto
	case recipes.EngineTransformers, recipes.EngineVLLM:
	default:
		return cmdutil.UsageErrorf("--engine %q: choose auto, transformers or vllm", o.Recipe.Engine)
	}
	switch o.Recipe.CogAPI {
	case recipes.CogAPIPredict, recipes.CogAPIRun:
	default:
		return cmdutil.UsageErrorf("--cog-api %q: choose predict or run", o.Recipe.CogAPI)
	}
	if o.Timeout <= 0 {
		return cmdutil.UsageErrorf("--timeout must be positive")
	}
	return nil
}

// Run does the work: load the model, plan, render, then write or print.
func Run(ctx context.Context, o *Options) error {
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	reg := recipes.Default()
	m, err := o.load(ctx, reg)
	if err != nil {
		return err
	}
	if err := o.loadBase(ctx, reg, m); err != nil {
		return err
	}
	p, err := reg.Build(m, o.Recipe)
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
	res, err := output.Write(ctx, o.outputDir(m), files, o.Force)
	if err != nil {
		return err
	}
	return o.report(p, files, &res)
}

func (o *Options) load(ctx context.Context, reg *recipes.Registry) (*facts.Model, error) {
	if isLocal(o.Source) {
		m, err := hf.LoadLocal(o.Source, reg.Needs)
		if err != nil {
			return nil, err
		}
		if o.RepoID != "" {
			if err := hf.ValidateRepoID(o.RepoID); err != nil {
				return nil, cmdutil.UsageErrorf("--repo-id: %w", err)
			}
			m.ID = o.RepoID
		}
		if o.Revision != "" {
			m.SHA, m.Revision = o.Revision, o.Revision
		}
		return m, nil
	}
	if o.RepoID != "" {
		return nil, cmdutil.UsageErrorf("--repo-id is for snapshot folders; %q is a Hub id", o.Source)
	}
	client, err := o.client()
	if err != nil {
		return nil, err
	}
	return client.Load(ctx, o.Source, o.Revision, reg.Needs)
}

// client is the Hub client, made once: the token is read from stdin at
// most once.
func (o *Options) client() (*hf.Client, error) {
	if o.hub != nil {
		return o.hub, nil
	}
	token, err := o.token()
	if err != nil {
		return nil, err
	}
	ho := hf.Options{Endpoint: hf.EndpointFromEnv(o.IO.Getenv), Token: token, Progress: o.progress()}
	if o.Hub != nil {
		o.Hub(&ho)
	}
	o.hub = hf.NewClient(ho)
	return o.hub, nil
}

// loadBase fetches an adapter's base model: the recipe needs its class,
// its configs and its gating, and recipes do no I/O.
func (o *Options) loadBase(ctx context.Context, reg *recipes.Registry, m *facts.Model) error {
	id, rev, named := recipes.BaseModel(m)
	if o.Base != "" {
		id, rev, named = o.Base, "", true
	}
	if !named {
		return nil
	}
	if o.BaseRevision != "" {
		rev = o.BaseRevision
	}
	var base *facts.Model
	var err error
	if isLocal(id) {
		base, err = hf.LoadLocal(id, reg.Needs)
	} else {
		var client *hf.Client
		if client, err = o.client(); err == nil {
			base, err = client.Load(ctx, id, rev, reg.Needs)
		}
	}
	if err != nil {
		return fmt.Errorf("base model %s of the adapter: %w", id, err)
	}
	o.Recipe.Base = base
	return nil
}

// isLocal tells a snapshot folder from a Hub id: an existing folder, or a
// path that cannot be an id.
func isLocal(source string) bool {
	if fi, err := os.Stat(source); err == nil && fi.IsDir() {
		return true
	}
	return strings.HasPrefix(source, ".") || strings.HasPrefix(source, "/") || strings.HasPrefix(source, "~")
}

func (o *Options) token() (string, error) {
	if !o.TokenStdin {
		return hf.TokenFromEnv(o.IO.Getenv, o.IO.Home), nil
	}
	line, err := bufio.NewReader(o.IO.In).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read token from stdin: %w", err)
	}
	token := strings.TrimSpace(line)
	if token == "" {
		return "", cmdutil.UsageErrorf("--token-stdin: stdin held no token")
	}
	return token, nil
}

func (o *Options) progress() io.Writer {
	if o.Quiet {
		return nil
	}
	return o.IO.Err
}

func (o *Options) outputDir(m *facts.Model) string {
	if o.Output != "" {
		return o.Output
	}
	name := m.ID
	if name == "" {
		name = filepath.Base(filepath.Clean(o.Source))
	}
	return filepath.Base(name)
}

func (o *Options) render(ctx context.Context, p *plan.Plan) ([]generators.File, error) {
	answers := map[string]string{"recipe": p.Recipe, "weights": p.Weights.Strategy, "model": p.Model}
	return pkgcmd.Render(ctx, p, o.Templates, answers)
}
