package comfycmd

import (
	"fmt"
	"io"

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
	if o.Quiet {
		if res != nil {
			fmt.Fprintln(o.IO.Out, res.Dir)
		}
		return nil
	}
	summary(o.IO.Out, p)
	pkgcmd.Outcome(o.IO.Out, paths, res, "script/test")
	return nil
}

// summary prints the plan for a human: inputs, models, custom nodes.
func summary(w io.Writer, p *plan.Plan) {
	fmt.Fprintf(w, "workflow %s (%v format)\n", p.Source.ID, p.Vars["Format"])
	pkgcmd.InputsLine(w, p)
	pkgcmd.BuildLine(w, p)
	fmt.Fprintf(w, "models   %s, downloaded with pget in setup()\n", count(len(p.Weights.Files), "file"))
	for _, f := range p.Weights.Files {
		fmt.Fprintf(w, "         %s\n", f.Path)
	}
	packs, _ := p.Vars["Packs"].([]map[string]any)
	fmt.Fprintf(w, "nodes    %s\n", count(len(packs), "custom node pack"))
	for _, pk := range packs {
		fmt.Fprintf(w, "         %v @ %v\n", pk["Repo"], pk["Commit"])
	}
	pkgcmd.Warnings(w, p)
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
