package hfcmd

import (
	"fmt"
	"io"
	"sort"
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
	summary(o.IO.Out, p)
	if res == nil {
		fmt.Fprintf(o.IO.Out, "\ndry run: would write %d files:\n", len(files))
		for _, f := range files {
			fmt.Fprintf(o.IO.Out, "  %s\n", f.Path)
		}
		return nil
	}
	fmt.Fprintf(o.IO.Out, "\nwrote %s: %d new, %d updated files\n", res.Dir, len(res.Created), len(res.Updated))
	fmt.Fprintf(o.IO.Out, "next:  cd %s && script/test\n", res.Dir)
	return nil
}

// summary prints the plan for a human: recipe, inputs, stack, weights.
func summary(w io.Writer, p *plan.Plan) {
	src := p.Source.ID
	if p.Source.SHA != "" {
		src += " @ " + short(p.Source.SHA)
	}
	fmt.Fprintf(w, "model    %s\n", src)
	fmt.Fprintf(w, "recipe   %s (%s, %s)\n", p.Recipe, p.Task, p.Library)
	names := make([]string, len(p.Inputs))
	for i, in := range p.Inputs {
		names[i] = in.Name
	}
	fmt.Fprintf(w, "inputs   %s -> %s\n", strings.Join(names, ", "), p.Output.Type)
	hw := "CPU"
	if p.GPU {
		hw = "GPU, CUDA " + p.CUDA
	}
	fmt.Fprintf(w, "build    python %s, %s, %d pinned requirements\n", p.PythonVersion, hw, len(p.Requirements))
	weightsSummary(w, p.Weights)
	for _, warn := range p.Warnings {
		fmt.Fprintf(w, "warning  %s\n", warn)
	}
}

func weightsSummary(w io.Writer, wt plan.Weights) {
	line := fmt.Sprintf("weights  %d files, %s, strategy %s", len(wt.Files), generators.HumanBytes(wt.TotalBytes), wt.Strategy)
	if wt.SnapshotBytes > wt.TotalBytes && wt.TotalBytes > 0 {
		line += fmt.Sprintf(" (the repository holds %s, %.1fx more)", generators.HumanBytes(wt.SnapshotBytes),
			float64(wt.SnapshotBytes)/float64(wt.TotalBytes))
	}
	fmt.Fprintln(w, line)
	reasons := map[string][]plan.Skipped{}
	for _, s := range wt.Skipped {
		reasons[s.Reason] = append(reasons[s.Reason], s)
	}
	keys := make([]string, 0, len(reasons))
	for k := range reasons {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var total int64
		for _, s := range reasons[k] {
			if s.Size > 0 {
				total += s.Size
			}
		}
		fmt.Fprintf(w, "skipped  %d files, %s: %s\n", len(reasons[k]), generators.HumanBytes(total), k)
	}
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}
