package pydeps

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/github/pysrc"
)

var txtFileRE = regexp.MustCompile(`["']([\w./-]*requirements[\w.-]*\.txt)["']`)

// SetupPy reads setup(...) statically: install_requires, extras_require
// and python_requires given as literals or module-level constants.
func SetupPy(p string, data []byte) *Result {
	r := &Result{}
	f := pysrc.Parse(data)
	calls := f.Calls(func(n string) bool { return n == "setup" || n == "setuptools.setup" })
	if len(calls) == 0 {
		r.warn("%s: no setup() call found", p)
		return r
	}
	consts := f.Assignments()
	call := calls[0].Call
	from := fmt.Sprintf("%s:%d", p, call.Line)
	if v, ok := call.Keyword("python_requires"); ok {
		if s, ok := resolve(v, consts).Literal(); ok {
			if spec, _ := s.(string); spec != "" {
				r.Python = append(r.Python, facts.RepoVersionHint{Spec: spec, From: from + " python_requires"})
			}
		}
	}
	if v, ok := call.Keyword("install_requires"); ok {
		r.setupList(from+" install_requires", "", resolve(v, consts))
	}
	if v, ok := call.Keyword("extras_require"); ok {
		v = resolve(v, consts)
		for i, k := range v.Keys {
			if name, ok := k.Literal(); ok && i < len(v.Elems) {
				r.setupList(fmt.Sprintf("%s extras_require[%v]", from, name), fmt.Sprint("optional:", name),
					resolve(v.Elems[i], consts))
			}
		}
	}
	if v, ok := call.Keyword("entry_points"); ok {
		r.setupEntryPoints(resolve(v, consts), consts)
	}
	if call.HasStar() {
		r.warn("%s: setup() takes **kwargs; some metadata may be missing", from)
	}
	return r
}

// setupEntryPoints reads entry_points={"console_scripts": ["cmd=mod:fn"]}.
func (r *Result) setupEntryPoints(v pysrc.Expr, consts map[string]pysrc.Expr) {
	for i, k := range v.Keys {
		if name, _ := k.Literal(); name != "console_scripts" || i >= len(v.Elems) {
			continue
		}
		lit, _ := resolve(v.Elems[i], consts).Literal()
		list, _ := lit.([]any)
		for _, item := range list {
			if s, ok := item.(string); ok {
				name, target, _ := strings.Cut(s, "=")
				r.addScript(name, target)
			}
		}
	}
}

// resolve replaces a name by its module-level value.
func resolve(e pysrc.Expr, consts map[string]pysrc.Expr) pysrc.Expr {
	if e.Kind == pysrc.Ident {
		if v, ok := consts[e.Name]; ok {
			return v
		}
	}
	return e
}

// setupList reads a list of requirement strings; a computed list that
// names a requirements file points there.
func (r *Result) setupList(from, group string, e pysrc.Expr) {
	lit, ok := e.Literal()
	list, isList := lit.([]any)
	if !ok || !isList {
		if m := txtFileRE.FindStringSubmatch(e.Text); m != nil && group == "" {
			r.Files = appendNew(r.Files, strings.TrimPrefix(m[1], "./"))
			return
		}
		r.warn("%s is computed (%s); add these requirements by hand", from, shorten(e.Text))
		return
	}
	for _, item := range list {
		s, ok := item.(string)
		if !ok {
			continue
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

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

// SetupCfg reads [options] install_requires and python_requires and
// [options.extras_require].
func SetupCfg(p string, data []byte) *Result {
	r := &Result{}
	ini := parseINI(string(data))
	opts := ini["options"]
	if spec := strings.TrimSpace(opts["python_requires"]); spec != "" {
		r.Python = append(r.Python, facts.RepoVersionHint{Spec: spec, From: p + " [options] python_requires"})
	}
	r.cfgList(p+" [options] install_requires", "", opts["install_requires"])
	extras := ini["options.extras_require"]
	for _, k := range sortedStringKeys(extras) {
		r.cfgList(fmt.Sprintf("%s [options.extras_require] %s", p, k), "optional:"+k, extras[k])
	}
	for _, ln := range strings.Split(ini["options.entry_points"]["console_scripts"], "\n") {
		name, target, _ := strings.Cut(ln, "=")
		r.addScript(name, target)
	}
	return r
}

func (r *Result) cfgList(from, group, value string) {
	if strings.HasPrefix(strings.TrimSpace(value), "file:") {
		for _, f := range strings.Split(strings.TrimPrefix(strings.TrimSpace(value), "file:"), ",") {
			if f = strings.TrimSpace(f); f != "" && group == "" {
				r.Files = appendNew(r.Files, f)
			}
		}
		return
	}
	for _, ln := range strings.Split(value, "\n") {
		ln = stripComment(ln)
		if ln == "" {
			continue
		}
		d, err := ParseRequirement(ln)
		if err != nil {
			r.warn("%s: %v", from, err)
			continue
		}
		d.From, d.Group = from, group
		r.Deps = append(r.Deps, d)
	}
}

// parseINI reads setup.cfg's sections; indented lines continue a value.
func parseINI(s string) map[string]map[string]string {
	out := map[string]map[string]string{}
	section, key := "", ""
	for _, raw := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(raw)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, ";"):
		case strings.HasPrefix(trimmed, "[") && strings.HasSuffix(trimmed, "]"):
			section, key = strings.TrimSpace(trimmed[1:len(trimmed)-1]), ""
			if out[section] == nil {
				out[section] = map[string]string{}
			}
		case (raw[0] == ' ' || raw[0] == '\t') && key != "":
			out[section][key] += "\n" + trimmed
		default:
			k, v, ok := strings.Cut(trimmed, "=")
			if !ok {
				k, v, ok = strings.Cut(trimmed, ":")
			}
			if !ok || section == "" {
				continue
			}
			key = strings.TrimSpace(k)
			out[section][key] = strings.TrimSpace(v)
		}
	}
	return out
}

func sortedStringKeys(m map[string]string) []string {
	anyMap := make(map[string]any, len(m))
	for k := range m {
		anyMap[k] = nil
	}
	return sortedKeys(anyMap)
}
