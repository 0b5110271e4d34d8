package github

import (
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// testCases builds the smoke test from the README's example command: each
// input's example value, a repository file as its raw GitHub URL at the
// pinned commit. Without a value for every required input there is no
// test, and a warning says what to add.
func testCases(p *plan.Plan, r *facts.Repo, ins []mapped) []plan.TestCase {
	inputs := map[string]any{}
	var missing []string
	for _, m := range ins {
		v, ok := exampleValue(r, m)
		switch {
		case ok:
			inputs[m.in.Name] = v
		case m.in.Required():
			missing = append(missing, m.in.Name)
		}
	}
	if len(missing) > 0 {
		p.Warn(fmt.Sprintf("no example value for %s: add a test case to cog-safe-push-configs/default.yaml and script/test",
			strings.Join(missing, ", ")))
		return nil
	}
	if len(inputs) == 0 {
		return nil
	}
	return []plan.TestCase{{Inputs: inputs}}
}

// exampleValue reads an input's example as a value of its type.
func exampleValue(r *facts.Repo, m mapped) (any, bool) {
	ex := strings.TrimSpace(m.src.Example)
	if ex == "" {
		return nil, false
	}
	var v any
	switch m.in.Type {
	case "Path":
		u := fileURL(r, ex)
		return u, u != ""
	case "str":
		v = ex
	case "int":
		i, err := strconv.ParseInt(ex, 10, 64)
		if err != nil {
			return nil, false
		}
		v = i
	case "float":
		f, err := strconv.ParseFloat(ex, 64)
		if err != nil {
			return nil, false
		}
		v = f
	case "bool":
		b, err := strconv.ParseBool(ex)
		if err != nil {
			return nil, false
		}
		v = b
	default:
		return nil, false
	}
	return v, fits(m.in, v)
}

// fits reports whether v lies in the input's choices and bounds.
func fits(in plan.Input, v any) bool {
	if len(in.Choices) > 0 && !contains(in.Choices, v) {
		return false
	}
	var f float64
	switch x := v.(type) {
	case int64:
		f = float64(x)
	case float64:
		f = x
	default:
		return true
	}
	return (in.Ge == nil || f >= *in.Ge) && (in.Le == nil || f <= *in.Le)
}

// fileURL is an example file as a URL a prediction can fetch: a URL as
// given, or a repository file on raw.githubusercontent.com at the commit.
func fileURL(r *facts.Repo, ex string) string {
	if u, err := url.Parse(ex); err == nil && u.Scheme == "https" && u.Host != "" {
		return ex
	}
	rel := cleanRel(ex)
	if rel == "" || !r.HasRepoFile(rel) || r.Owner == "" || !sha40.MatchString(r.SHA) {
		return ""
	}
	return "https://raw.githubusercontent.com/" + r.Owner + "/" + r.Name + "/" + r.SHA + "/" + escapePath(rel)
}

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return path.Join(parts...)
}
