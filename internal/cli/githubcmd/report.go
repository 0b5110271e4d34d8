package githubcmd

import (
	"fmt"
	"io"

	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/cli/pkgcmd"
	"github.com/cogport/cogport/internal/output"
	"github.com/cogport/cogport/plan"
)

// jsonReport is what --json prints: the plan, cogport's files, and how
// they met the repository's.
type jsonReport struct {
	pkgcmd.Report
	RepoFiles  int      `json:"repo_files"`
	Kept       []string `json:"kept,omitempty"`
	Superseded []string `json:"superseded,omitempty"`
	Skipped    []string `json:"skipped_files,omitempty"`
}

func (o *Options) report(p *plan.Plan, pkg *packageFiles, files []generators.File, res *output.Result) error {
	ours := ourFiles(pkg, files)
	if o.JSON {
		r := jsonReport{Report: pkgcmd.NewReport(p, ours, res), RepoFiles: len(pkg.repo), Kept: pkg.kept,
			Superseded: pkg.superseded, Skipped: pkg.skipped}
		return cmdutil.PrintJSON(o.IO.Out, r)
	}
	w := o.IO.Out
	summary(w, p)
	combined(w, pkg)
	if res == nil {
		fmt.Fprintf(w, "\ndry run: would write %d files of cogport's:\n", len(ours))
		for _, f := range ours {
			fmt.Fprintf(w, "  %s\n", f)
		}
		return nil
	}
	fmt.Fprintf(w, "\nwrote %s: %d new, %d updated files\n", res.Dir, len(res.Created), len(res.Updated))
	fmt.Fprintf(w, "next:  cd %s && cogport lint && script/test\n", res.Dir)
	return nil
}

// ourFiles are the package's paths that are not the repository's.
func ourFiles(pkg *packageFiles, files []generators.File) []string {
	theirs := map[string]bool{}
	for _, f := range pkg.repo {
		theirs[f.Path] = true
	}
	var out []string
	for _, f := range files {
		if !theirs[f.Path] {
			out = append(out, f.Path)
		}
	}
	return out
}

// summary prints the plan for a human: source, entry point, inputs, stack.
func summary(w io.Writer, p *plan.Plan) {
	src := p.Source.ID
	if p.Source.SHA != "" {
		src += " @ " + p.Source.SHA[:min(12, len(p.Source.SHA))]
	}
	fmt.Fprintf(w, "repo     %s\n", src)
	fmt.Fprintf(w, "recipe   %s (%s)\n", p.Recipe, entryOf(p))
	pkgcmd.InputsLine(w, p)
	pkgcmd.BuildLine(w, p)
	if p.Weights.Strategy != "" {
		n := fmt.Sprintf("%d checkpoints", len(p.Weights.Files))
		if len(p.Weights.Files) == 1 {
			n = "1 checkpoint"
		}
		fmt.Fprintf(w, "weights  %s, downloaded with %s in setup()\n", n, p.Weights.Strategy)
	}
	pkgcmd.Warnings(w, p)
}

// combined says how the repository's files and cogport's met.
func combined(w io.Writer, pkg *packageFiles) {
	if len(pkg.repo) > 0 {
		fmt.Fprintf(w, "files    the repository's %d files (%s), plus cogport's\n", len(pkg.repo), generators.HumanBytes(pkg.bytes))
	}
	for _, k := range pkg.kept {
		fmt.Fprintf(w, "kept     the repository's %s; cogport's version is .cogport/pristine/%s\n", k, k)
	}
	for _, s := range pkg.superseded {
		fmt.Fprintf(w, "replaced %s with cogport's pinned list\n", s)
	}
	for _, s := range pkg.skipped {
		fmt.Fprintf(w, "skipped  %s\n", s)
	}
}
