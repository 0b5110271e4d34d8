package entry

import (
	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/github/pysrc"
)

// Inspect returns the entry points one file offers (argparse or click
// arguments, a Gradio app), typed and scored on the file alone, with the
// warnings their reading produced.
func Inspect(f File) ([]facts.RepoEntryPoint, []string) {
	var eps []facts.RepoEntryPoint
	var warns []string
	hasMain := hasMainGuard(f.Py)
	if ep, w := argparseEntry(f); ep != nil || len(w) > 0 {
		warns = append(warns, w...)
		if ep != nil {
			ins, w := typedInputs(f, ep.Args)
			ep.Inputs, warns = ins, append(warns, w...)
			eps = append(eps, *ep)
		}
	}
	if ep, w, ranges := clickEntry(f); ep != nil || len(w) > 0 {
		warns = append(warns, w...)
		if ep != nil {
			ins, w := typedInputs(f, ep.Args)
			applyBounds(ins, ranges)
			ep.Inputs, warns = ins, append(warns, w...)
			eps = append(eps, *ep)
		}
	}
	if ep, w := gradioEntry(f); ep != nil || len(w) > 0 {
		warns = append(warns, w...)
		if ep != nil {
			eps = append(eps, *ep)
		}
	}
	for i := range eps {
		baseScore(&eps[i], hasMain)
	}
	return eps, warns
}

// hasMainGuard reports whether the file has `if __name__ == "__main__":`.
func hasMainGuard(f *pysrc.File) bool {
	t := f.Toks
	for i := 0; i+3 < len(t); i++ {
		if t[i].Kind == pysrc.Name && t[i].Text == "if" && t[i+1].Text == "__name__" && t[i+2].Text == "==" &&
			t[i+3].Kind == pysrc.String && t[i+3].Value == "__main__" {
			return true
		}
	}
	return false
}
