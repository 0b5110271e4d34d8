package github

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
)

// dottedName is a handler cogport can reach from the app's module:
// "predict", "model.run". Lambdas and calls cannot be imported.
var dottedName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

// chooseEntry returns the entry point to wrap: the one the user named,
// else the best ranked one cogport can wrap.
func chooseEntry(r *facts.Repo, want string) (facts.RepoEntryPoint, error) {
	if want != "" {
		return namedEntry(r, want)
	}
	var skipped []string
	for _, ep := range r.EntryPoints {
		why := unwrappable(ep)
		if why == "" {
			return ep, nil // noteChoice tells the user about those passed over
		}
		skipped = append(skipped, fmt.Sprintf("%s (%s)", ep.Path, why))
	}
	msg := "no inference script, Gradio app or usage command was found"
	if len(skipped) > 0 {
		msg = "no candidate can be wrapped: " + strings.Join(skipped, "; ")
	}
	return facts.RepoEntryPoint{}, fmt.Errorf("%w: %s; write predict.py by hand (cogport lint checks it)", ErrNoEntryPoint, msg)
}

// namedEntry finds the candidate at path want (--entry).
func namedEntry(r *facts.Repo, want string) (facts.RepoEntryPoint, error) {
	want = strings.TrimPrefix(want, "./")
	var paths []string
	for _, ep := range r.EntryPoints {
		if ep.Path == want {
			if why := unwrappable(ep); why != "" {
				return ep, fmt.Errorf("%w: %s: %s", ErrNoEntryPoint, want, why)
			}
			return ep, nil
		}
		paths = append(paths, ep.Path)
	}
	if len(paths) == 0 {
		return facts.RepoEntryPoint{}, fmt.Errorf("%w: --entry %s: the repository has no candidate entry points", ErrNoEntryPoint, want)
	}
	return facts.RepoEntryPoint{}, fmt.Errorf("%w: --entry %s is not a candidate; choose one of %s", ErrNoEntryPoint, want, strings.Join(paths, ", "))
}

// unwrappable says why cogport cannot wrap ep ("" when it can).
func unwrappable(ep facts.RepoEntryPoint) string {
	switch ep.Kind {
	case "gradio":
		if !dottedName.MatchString(ep.Func) {
			return fmt.Sprintf("its Gradio handler %q is not a named function", shorten(ep.Func))
		}
		if !strings.HasSuffix(ep.Path, ".py") {
			return "a Gradio app outside a .py file"
		}
	case "argparse", "click", "script":
		if !strings.HasSuffix(ep.Path, ".py") && (ep.Usage == nil || ep.Usage.Module == "") {
			return "not a Python file"
		}
	default:
		return "an entry point of kind " + ep.Kind
	}
	return ""
}

// noteChoice tells the user when the top candidate was passed over, and
// what else they could wrap.
func noteChoice(r *facts.Repo, ep facts.RepoEntryPoint) []string {
	var out []string
	for _, e := range r.EntryPoints {
		if e.Path == ep.Path && e.Kind == ep.Kind {
			break
		}
		if why := unwrappable(e); why != "" {
			out = append(out, fmt.Sprintf("%s was ranked higher but cannot be wrapped: %s", e.Path, why))
		}
	}
	var others []string
	for _, e := range r.EntryPoints {
		if e.Path != ep.Path && unwrappable(e) == "" && len(others) < 3 {
			others = append(others, e.Path)
		}
	}
	if len(others) > 0 {
		out = append(out, fmt.Sprintf("wrapped %s (%s); other candidates: %s (choose one with --entry)",
			ep.Path, ep.Kind, strings.Join(others, ", ")))
	}
	return out
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
