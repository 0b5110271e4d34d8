package comfycmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/output"
	"github.com/cogport/cogport/plan"
)

// jsonReport is what --json prints: the plan, and the files.
type jsonReport struct {
	*plan.Plan
	Files   []string `json:"files"`
	Written string   `json:"written,omitempty"`
	DryRun  bool     `json:"dry_run"`
}

func (o *Options) report(p *plan.Plan, files []generators.File, res *output.Result) error {
	if o.JSON {
		r := jsonReport{Plan: p, DryRun: res == nil}
		for _, f := range files {
			r.Files = append(r.Files, f.Path)
		}
		if res != nil {
			r.Written = res.Dir
		}
		return cmdutil.PrintJSON(o.IO.Out, r)
	}
	if !o.Quiet {
		summary(o.IO.Out, p)
	}
	if res == nil {
		fmt.Fprintf(o.IO.Out, "\ndry run: would write %d files:\n", len(files))
		for _, f := range files {
			fmt.Fprintf(o.IO.Out, "  %s\n", f.Path)
		}
		return nil
	}
	fmt.Fprintf(o.IO.Out, "wrote %s: %d new, %d updated files\n", res.Dir, len(res.Created), len(res.Updated))
	if !o.Quiet {
		fmt.Fprintf(o.IO.Out, "next:  cd %s && script/test\n", res.Dir)
	}
	return nil
}

// summary prints the plan for a human: inputs, models, custom nodes.
func summary(w io.Writer, p *plan.Plan) {
	fmt.Fprintf(w, "workflow %s (%v format)\n", p.Source.ID, p.Vars["Format"])
	names := make([]string, len(p.Inputs))
	for i, in := range p.Inputs {
		names[i] = in.Name
	}
	fmt.Fprintf(w, "inputs   %s -> %s\n", orNone(strings.Join(names, ", ")), p.Output.Type)
	fmt.Fprintf(w, "build    python %s, GPU, CUDA %s, %d pinned requirements\n", p.PythonVersion, p.CUDA, len(p.Requirements))
	fmt.Fprintf(w, "models   %s, downloaded with pget in setup()\n", count(len(p.Weights.Files), "file"))
	for _, f := range p.Weights.Files {
		fmt.Fprintf(w, "         %s\n", f.Path)
	}
	packs, _ := p.Vars["Packs"].([]map[string]any)
	fmt.Fprintf(w, "nodes    %s\n", count(len(packs), "custom node pack"))
	for _, pk := range packs {
		fmt.Fprintf(w, "         %v @ %v\n", pk["Repo"], pk["Commit"])
	}
	for _, warn := range p.Warnings {
		fmt.Fprintf(w, "warning  %s\n", warn)
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
