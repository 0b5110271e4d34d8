// Package comfy turns a ComfyUI workflow, as sources/comfy learned it, into
// the plan of a Cog package that runs it headless: ComfyUI and the
// workflow's custom node packs installed at pinned commits, every model
// file it loads downloaded in setup() into ComfyUI's models folder, and a
// predict() whose typed inputs are written into the nodes they were traced
// to. It does no I/O.
package comfy

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/recipes"
)

// Names the plan and the templates share.
const (
	// RecipeName names the recipe in the plan and the provenance.
	RecipeName = "comfyui-workflow"
	// Template is the predict.py template (templates/files/predict/comfyui.py.tmpl).
	Template = "comfyui"
	// ComfyUIRepo and ComfyUICommit are the ComfyUI that packages run: the
	// commit replicate/cog-comfyui pins, which it runs on torch 2.7.1.
	ComfyUIRepo   = "https://github.com/comfyanonymous/ComfyUI"
	ComfyUICommit = "e525673f7201b6c49af0fa0e6baf44e4e98bb10c"
	// ComfyUIDir is where build.run installs ComfyUI. build.run runs before
	// cog copies the package into /src, so it lives outside /src.
	ComfyUIDir = "/ComfyUI"
)

// pythonVersion is the Python every cogport package builds on.
const pythonVersion = "3.12"

// Options adjust Build.
type Options struct {
	// Model is the Replicate destination, owner/name; empty means a
	// placeholder derived from the workflow's name.
	Model string
	// AllowUnresolved packages the workflow even when models, node classes
	// or pack commits are unknown: each becomes a warning, and the package
	// works only once the user supplies them.
	AllowUnresolved bool
}

// Build plans the Cog package for w. Unless o.AllowUnresolved, it fails
// with an *UnresolvedError listing every model, node class and pack it
// could not resolve.
func Build(w *facts.ComfyWorkflow, o Options) (*plan.Plan, error) {
	if w == nil || len(w.Prompt) == 0 {
		return nil, errors.New("the workflow holds no prompt")
	}
	models, missingModels := planModels(w.Models)
	packs, missingPacks := planPacks(w.Packs)
	var missing []Unresolved
	missing = append(missing, missingModels...)
	for _, u := range w.UnresolvedNodes {
		missing = append(missing, Unresolved{Kind: KindNode, Name: u.Class, Where: nodeList(u.Nodes), Why: u.Reason})
	}
	missing = append(missing, missingPacks...)
	if len(missing) > 0 && !o.AllowUnresolved {
		return nil, &UnresolvedError{Items: missing}
	}
	p, err := base(w, o)
	if err != nil {
		return nil, err
	}
	for _, u := range missing {
		p.Warn("unresolved " + u.String() + " (" + u.consequence() + ")")
	}
	if err := useInputs(p, w.Inputs); err != nil {
		return nil, err
	}
	if err := useModels(p, w, models); err != nil {
		return nil, err
	}
	usePacks(p, packs)
	return p, nil
}

// base fills what does not depend on the workflow's graph: names, the
// torch row, pinned requirements, the ComfyUI install and the files.
func base(w *facts.ComfyWorkflow, o Options) (*plan.Plan, error) {
	row, err := recipes.CogTorch(comfyTorch)
	if err != nil {
		return nil, err
	}
	if !row.SupportsPython(pythonVersion) {
		return nil, fmt.Errorf("torch %s has no wheels for python %s in cog v0.22", comfyTorch, pythonVersion)
	}
	p := &plan.Plan{
		Recipe:         RecipeName,
		Task:           "comfyui-workflow",
		Library:        "comfyui",
		Template:       Template,
		Source:         plan.Source{Kind: "comfy", ID: w.Name},
		Title:          title(w),
		Summary:        summary(w),
		Output:         plan.Output{Type: "list[Path]", Description: "the files the workflow's output nodes saved (images, video or audio)"},
		PythonVersion:  pythonVersion,
		GPU:            true,
		CUDA:           row.CUDA(),
		Requirements:   requirements(row),
		BuildRun:       []string{recipes.PgetInstall, pinnedClone(ComfyUIRepo, ComfyUICommit, ComfyUIDir)},
		Model:          modelName(w, o),
		TestHardware:   "gpu-l40s",
		PredictTimeout: 900,
		Vars: map[string]any{
			"Purpose":       "ComfyUI workflow predictor",
			"TypingImports": []string{"Optional"},
			"ComfyUIDir":    ComfyUIDir,
			"ComfyUIRepo":   ComfyUIRepo,
			"ComfyUICommit": ComfyUICommit,
			"Format":        w.Format,
			"ExtraFiles": []string{
				"workflow.json=comfy/workflow.json.tmpl",
				"weights.py=comfy/weights.py.tmpl",
				"README.md=comfy/README.md.tmpl",
			},
		},
		Warnings: append([]string{}, w.Warnings...),
	}
	return p, nil
}

func title(w *facts.ComfyWorkflow) string {
	if t := strings.TrimSuffix(w.Name, ".json"); t != "" {
		return t
	}
	return "A ComfyUI workflow"
}

func summary(w *facts.ComfyWorkflow) string {
	core := 0
	for _, n := range w.Nodes {
		if n.Core {
			core++
		}
	}
	s := fmt.Sprintf("A ComfyUI workflow (%d nodes, %d of them ComfyUI's own", len(w.Nodes), core)
	if len(w.Packs) > 0 {
		s += fmt.Sprintf(", the rest from %d custom node packs", len(w.Packs))
	}
	return s + ") served by ComfyUI running headless inside the container."
}

var modelUnsafe = regexp.MustCompile(`[^a-z0-9_.-]+`)

// modelName is --model, else a placeholder owner with the workflow's name.
func modelName(w *facts.ComfyWorkflow, o Options) string {
	if o.Model != "" {
		return o.Model
	}
	name := strings.Trim(modelUnsafe.ReplaceAllString(strings.ToLower(title(w)), "-"), "-.")
	if name == "" {
		name = "comfyui-workflow"
	}
	return plan.PlaceholderOwner + "/" + name
}

func nodeList(ids []string) string {
	if len(ids) == 1 {
		return "node " + ids[0]
	}
	return "nodes " + strings.Join(ids, ", ")
}
