package pydeps

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cogport/cogport/facts"
)

// Pyproject reads pyproject.toml: PEP 621 [project], PEP 735
// [dependency-groups], [build-system] and Poetry's tables.
func Pyproject(p string, data []byte) *Result {
	r := &Result{}
	doc, err := parseTOML(string(data))
	if err != nil {
		r.warn("%s: cannot read TOML (%v); its dependencies are ignored", p, err)
		return r
	}
	project := table(doc, "project")
	if s, ok := project["requires-python"].(string); ok && s != "" {
		r.Python = append(r.Python, facts.RepoVersionHint{Spec: s, From: p + " [project] requires-python"})
	}
	r.addList(p+" [project] dependencies", "", project["dependencies"])
	extras := table(project, "optional-dependencies")
	for _, name := range sortedKeys(extras) {
		r.addList(fmt.Sprintf("%s [project.optional-dependencies] %s", p, name), "optional:"+name, extras[name])
	}
	groups := table(doc, "dependency-groups")
	for _, name := range sortedKeys(groups) {
		r.addList(fmt.Sprintf("%s [dependency-groups] %s", p, name), name, groups[name])
	}
	r.addList(p+" [build-system] requires", "build", table(doc, "build-system")["requires"])
	r.dynamicFiles(p, project, doc)
	r.poetry(p, table(table(doc, "tool"), "poetry"))
	for _, scripts := range []map[string]any{table(project, "scripts"), table(table(table(doc, "tool"), "poetry"), "scripts")} {
		for name, v := range scripts {
			if target, ok := v.(string); ok {
				r.addScript(name, target)
			}
		}
	}
	return r
}

func table(m map[string]any, key string) map[string]any {
	t, _ := m[key].(map[string]any)
	return t
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// addList adds an array of PEP 508 strings.
func (r *Result) addList(from, group string, v any) {
	list, _ := v.([]any)
	for _, item := range list {
		s, ok := item.(string)
		if !ok {
			continue // a PEP 735 {include-group = ...} table
		}
		d, err := ParseRequirement(s)
		if err != nil {
			r.warn("%s: %v", from, err)
			continue
		}
		d.From, d.Group = from, group
		r.Deps = append(r.Deps, d)
	}
}

// dynamicFiles records setuptools' dynamic dependencies read from files.
func (r *Result) dynamicFiles(p string, project, doc map[string]any) {
	dynamic, _ := project["dynamic"].([]any)
	for _, d := range dynamic {
		if d != "dependencies" {
			continue
		}
		spec := table(table(table(table(doc, "tool"), "setuptools"), "dynamic"), "dependencies")
		switch f := spec["file"].(type) {
		case string:
			r.Files = appendNew(r.Files, f)
		case []any:
			for _, x := range f {
				if s, ok := x.(string); ok {
					r.Files = appendNew(r.Files, s)
				}
			}
		default:
			r.warn("%s: dependencies are dynamic and cogport cannot tell where they come from", p)
		}
	}
}

// poetry reads [tool.poetry.dependencies] and its groups.
func (r *Result) poetry(p string, poetry map[string]any) {
	if poetry == nil {
		return
	}
	r.poetryTable(p+" [tool.poetry.dependencies]", "", table(poetry, "dependencies"))
	r.poetryTable(p+" [tool.poetry.dev-dependencies]", "dev", table(poetry, "dev-dependencies"))
	groups := table(poetry, "group")
	for _, g := range sortedKeys(groups) {
		r.poetryTable(fmt.Sprintf("%s [tool.poetry.group.%s.dependencies]", p, g), g,
			table(table(groups, g), "dependencies"))
	}
}

func (r *Result) poetryTable(from, group string, deps map[string]any) {
	for _, name := range sortedKeys(deps) {
		spec, extra := poetrySpec(deps[name])
		if strings.EqualFold(name, "python") {
			if spec != "" && group == "" {
				r.Python = append(r.Python, facts.RepoVersionHint{Spec: spec, From: from + " python"})
			}
			continue
		}
		d := facts.RepoDependency{Name: Normalize(name), From: from, Group: group, Line: name + " = " + spec}
		if extra != "" {
			d.URL = extra
			d.Pinned = urlPinned(extra)
		} else if pep, err := PoetryToPEP440(spec); err != nil {
			r.warn("%s: %s: %v", from, name, err)
			continue
		} else if err := setSpecifier(&d, pep, spec); err != nil {
			r.warn("%s: %s: %v", from, name, err)
			continue
		}
		r.Deps = append(r.Deps, d)
	}
}

// poetrySpec returns a Poetry dependency's version string, or its git/url
// source for direct references.
func poetrySpec(v any) (spec, url string) {
	switch x := v.(type) {
	case string:
		return x, ""
	case map[string]any:
		if g, ok := x["git"].(string); ok {
			u := "git+" + g
			for _, k := range []string{"rev", "tag", "branch"} {
				if s, ok := x[k].(string); ok {
					u += "@" + s
					break
				}
			}
			return "", u
		}
		if u, ok := x["url"].(string); ok {
			return "", u
		}
		s, _ := x["version"].(string)
		return s, ""
	}
	return "", ""
}

// PoetryToPEP440 converts a Poetry constraint ("^1.2", "~1.2.3", "1.2.3",
// "*", ">=1,<2") to a PEP 440 specifier.
func PoetryToPEP440(spec string) (string, error) {
	var out []string
	for _, c := range strings.Split(spec, ",") {
		c = strings.TrimSpace(c)
		switch {
		case c == "" || c == "*":
		case strings.HasPrefix(c, "^"):
			out = append(out, caret(strings.TrimSpace(c[1:]))...)
		case strings.HasPrefix(c, "~") && !strings.HasPrefix(c, "~="):
			out = append(out, tilde(strings.TrimSpace(c[1:]))...)
		case specOpsRE.MatchString(c):
			out = append(out, c)
		case strings.ContainsAny(c, " |"):
			return "", fmt.Errorf("cannot convert Poetry constraint %q", spec)
		default:
			out = append(out, "=="+c)
		}
	}
	return strings.Join(out, ","), nil
}

func caret(v string) []string {
	parts := strings.Split(v, ".")
	upper := make([]string, len(parts))
	for i := range parts {
		upper[i] = "0"
	}
	// The first non-zero part is bumped: ^1.2 → <2.0, ^0.2 → <0.3, ^0.0.3 → <0.0.4.
	i := 0
	for i < len(parts)-1 && parts[i] == "0" {
		i++
	}
	copy(upper, parts[:i])
	upper[i] = bump(parts[i])
	return []string{">=" + v, "<" + strings.Join(upper[:i+1], ".")}
}

func tilde(v string) []string {
	parts := strings.Split(v, ".")
	if len(parts) == 1 {
		return []string{">=" + v, "<" + bump(parts[0])}
	}
	return []string{">=" + v, "<" + parts[0] + "." + bump(parts[1])}
}

func bump(s string) string {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return s
		}
		n = n*10 + int(c-'0')
	}
	return fmt.Sprint(n + 1)
}
