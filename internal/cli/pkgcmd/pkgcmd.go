// Package pkgcmd holds what the package-generating commands (hf, comfy,
// github) share: rendering a plan with the user's templates and the
// provenance, the --json report, and the lines of the human summary.
package pkgcmd

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/internal/buildinfo"
	"github.com/cogport/cogport/internal/output"
	"github.com/cogport/cogport/internal/templatesrc"
	"github.com/cogport/cogport/plan"
)

// Renderer parses cogport's templates, each overridden by the file of the
// same path in templates (a folder or git URL[@ref], "" for none).
func Renderer(ctx context.Context, templates string) (*generators.Renderer, error) {
	overrides, release, err := templatesrc.Open(ctx, templates)
	if err != nil {
		return nil, err
	}
	// Load reads every template at once, so the clone can go right after.
	defer release()
	return generators.LoadWith(overrides)
}

// Render renders p with templates and adds the provenance, recording the
// answers (and the templates, when they are the user's).
func Render(ctx context.Context, p *plan.Plan, templates string, answers map[string]string) ([]generators.File, error) {
	r, err := Renderer(ctx, templates)
	if err != nil {
		return nil, err
	}
	files, err := r.Render(p)
	if err != nil {
		return nil, err
	}
	return r.WithProvenance(p, files, buildinfo.Version, WithTemplates(answers, templates))
}

// WithTemplates records the user's templates among the answers, so that
// `template refresh` renders with them again.
func WithTemplates(answers map[string]string, templates string) map[string]string {
	if templates == "" {
		return answers
	}
	if answers == nil {
		answers = map[string]string{}
	}
	answers["templates"] = templates
	return answers
}

// Report is what --json prints: the plan, the files, and where they went.
type Report struct {
	*plan.Plan
	Files   []string `json:"files"`
	Written string   `json:"written,omitempty"`
	DryRun  bool     `json:"dry_run"`
}

// NewReport describes a run; res is nil for a dry run.
func NewReport(p *plan.Plan, paths []string, res *output.Result) Report {
	r := Report{Plan: p, Files: paths, DryRun: res == nil}
	if res != nil {
		r.Written = res.Dir
	}
	return r
}

// Paths lists the files' paths.
func Paths(files []generators.File) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Path
	}
	return out
}

// Outcome prints what a run wrote, or for a dry run what it would write,
// and the command to try next.
func Outcome(w io.Writer, paths []string, res *output.Result, next string) {
	if res == nil {
		fmt.Fprintf(w, "\ndry run: would write %d files:\n", len(paths))
		for _, p := range paths {
			fmt.Fprintf(w, "  %s\n", p)
		}
		return
	}
	fmt.Fprintf(w, "\nwrote %s: %d new, %d updated files\n", res.Dir, len(res.Created), len(res.Updated))
	if next != "" {
		fmt.Fprintf(w, "next:  cd %s && %s\n", res.Dir, next)
	}
}

// InputsLine is the summary line of predict()'s signature.
func InputsLine(w io.Writer, p *plan.Plan) {
	names := make([]string, len(p.Inputs))
	for i, in := range p.Inputs {
		names[i] = in.Name
	}
	list := strings.Join(names, ", ")
	if list == "" {
		list = "(none)"
	}
	fmt.Fprintf(w, "inputs   %s -> %s\n", list, p.Output.Type)
}

// BuildLine is the summary line of the image: Python, hardware, pins.
func BuildLine(w io.Writer, p *plan.Plan) {
	hw := "CPU"
	if p.GPU {
		hw = "GPU, CUDA " + p.CUDA
	}
	fmt.Fprintf(w, "build    python %s, %s, %d pinned requirements\n", p.PythonVersion, hw, len(p.Requirements))
}

// Warnings prints the plan's warnings, one a line.
func Warnings(w io.Writer, p *plan.Plan) {
	for _, warn := range p.Warnings {
		fmt.Fprintf(w, "warning  %s\n", warn)
	}
}

// Short shortens a commit sha for display.
func Short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}
