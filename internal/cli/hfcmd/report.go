package hfcmd

import (
	"fmt"
	"io"
	"sort"

	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/cli/pkgcmd"
	"github.com/cogport/cogport/internal/output"
	"github.com/cogport/cogport/plan"
)

func (o *Options) report(p *plan.Plan, files []generators.File, res *output.Result) error {
	paths := pkgcmd.Paths(files)
	if o.JSON {
		return cmdutil.PrintJSON(o.IO.Out, pkgcmd.NewReport(p, paths, res))
	}
	summary(o.IO.Out, p)
	pkgcmd.Outcome(o.IO.Out, paths, res, "script/test")
	return nil
}

// summary prints the plan for a human: recipe, inputs, stack, weights.
func summary(w io.Writer, p *plan.Plan) {
	src := p.Source.ID
	if p.Source.SHA != "" {
		src += " @ " + pkgcmd.Short(p.Source.SHA)
	}
	fmt.Fprintf(w, "model    %s\n", src)
	fmt.Fprintf(w, "recipe   %s (%s, %s)\n", p.Recipe, p.Task, p.Library)
	pkgcmd.InputsLine(w, p)
	pkgcmd.BuildLine(w, p)
	weightsSummary(w, p.Weights)
	pkgcmd.Warnings(w, p)
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
