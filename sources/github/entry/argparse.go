// Package entry finds how a repository is run: argparse and click scripts
// and Gradio apps, read statically with pysrc. It turns their arguments or
// components into typed inputs (facts.RepoInput), recording every guess
// as a warning, and ranks the candidates.
package entry

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/github/pysrc"
)

// File is one Python file to inspect.
type File struct {
	Path string
	Py   *pysrc.File
	// Exists reports whether a repository path exists (for default files).
	Exists func(path string) bool
}

func (f File) at(line int) string { return fmt.Sprintf("%s:%d", f.Path, line) }

// argparseEntry reads the add_argument calls of f; nil when it has none.
func argparseEntry(f File) (*facts.RepoEntryPoint, []string) {
	calls := f.Py.Calls(func(n string) bool {
		return strings.HasSuffix(n, ".add_argument") || strings.HasSuffix(n, ".add_option") ||
			strings.HasSuffix(n, "ArgumentParser") ||
			strings.HasSuffix(n, ".set_defaults") || strings.HasSuffix(n, ".add_subparsers")
	})
	ep := &facts.RepoEntryPoint{Path: f.Path, Kind: "argparse"}
	var warns []string
	consts := f.Py.Assignments()
	defaults := map[string]pysrc.Expr{}
	for _, c := range calls {
		call := c.Call
		switch {
		case strings.HasSuffix(call.Name, "HfArgumentParser"):
			warns = append(warns, f.at(c.Line)+": HfArgumentParser builds its arguments from dataclasses, which cogport cannot read; add those inputs by hand")
		case strings.HasSuffix(call.Name, "ArgumentParser"):
			if d, ok := call.Keyword("description"); ok && ep.Description == "" {
				ep.Description = strings.TrimSpace(d.Str)
			}
		case strings.HasSuffix(call.Name, ".add_subparsers"):
			warns = append(warns, f.at(c.Line)+": the script has sub-commands; cogport reads their arguments as one flat list, check them by hand")
		case strings.HasSuffix(call.Name, ".set_defaults"):
			for _, a := range call.Args {
				if a.Keyword != "" {
					defaults[a.Keyword] = a.Value
				}
			}
		default:
			arg, w := readArg(f, c, consts)
			warns = append(warns, w...)
			if arg != nil {
				ep.Args = append(ep.Args, *arg)
			}
		}
	}
	if len(ep.Args) == 0 && len(warns) == 0 {
		return nil, nil
	}
	applyDefaults(ep.Args, defaults, consts)
	return ep, warns
}

// readArg reads one add_argument call; nil (and a warning) when its flags
// are not literal strings.
func readArg(f File, c pysrc.CallSite, consts map[string]pysrc.Expr) (*facts.RepoScriptArg, []string) {
	call := c.Call
	arg := &facts.RepoScriptArg{Line: c.Line}
	for _, p := range call.Positional() {
		s, ok := p.Literal()
		flag, isStr := s.(string)
		if !ok || !isStr {
			return nil, []string{fmt.Sprintf("%s: cannot read %s statically (its name is computed: %s); add this input by hand",
				f.at(c.Line), shorten(call.Text), shorten(p.Text))}
		}
		arg.Flags = append(arg.Flags, flag)
	}
	var warns []string
	if len(arg.Flags) == 0 {
		return nil, []string{fmt.Sprintf("%s: cannot read %s statically (no literal option name); add this input by hand",
			f.at(c.Line), shorten(call.Text))}
	}
	if call.HasStar() {
		warns = append(warns, fmt.Sprintf("%s: %s unpacks arguments (*/**); its type and default were not read, check them by hand",
			f.at(c.Line), shorten(call.Text)))
	}
	for _, a := range call.Args {
		if a.Keyword != "" {
			setKeyword(arg, a.Keyword, a.Value, consts)
		}
	}
	if arg.Dest == "" {
		arg.Dest = destOf(arg.Flags)
	}
	return arg, warns
}

func setKeyword(arg *facts.RepoScriptArg, key string, v pysrc.Expr, consts map[string]pysrc.Expr) {
	switch key {
	case "dest":
		arg.Dest, _ = literalString(v)
	case "type":
		arg.Type = v.Text
		if s, ok := literalString(v); ok { // optparse: type="int"
			arg.Type = map[string]string{"string": "str"}[s]
			if arg.Type == "" {
				arg.Type = s
			}
		}
	case "default":
		arg.DefaultText = v.Text
		arg.Default, _ = literal(v, consts)
	case "choices":
		if lit, ok := literal(v, consts); ok {
			arg.Choices, _ = lit.([]any)
		} else if r, ok := rangeChoices(v, consts); ok {
			arg.Choices = r
		}
	case "help":
		arg.Help = strings.Join(strings.Fields(v.Str), " ")
	case "action":
		arg.Action = v.Text
		if s, ok := literalString(v); ok {
			arg.Action = s
		}
	case "required":
		arg.Required = v.Kind == pysrc.Bool && v.Bool
	case "nargs":
		arg.Nargs = v.Text
		if s, ok := literalString(v); ok {
			arg.Nargs = s
		}
	case "metavar":
		arg.Metavar, _ = literalString(v)
	}
}

// literal resolves a literal, or a module constant naming one.
func literal(v pysrc.Expr, consts map[string]pysrc.Expr) (any, bool) {
	if v.Kind == pysrc.Ident {
		if c, ok := consts[v.Name]; ok {
			v = c
		}
	}
	if v.Kind == pysrc.None {
		return nil, false // no default: the same as absent
	}
	return v.Literal()
}

func literalString(v pysrc.Expr) (string, bool) {
	s, ok := v.Literal()
	str, isStr := s.(string)
	return str, ok && isStr
}

// rangeChoices reads choices=range(a, b) and list(range(a, b)) up to 100 values.
func rangeChoices(v pysrc.Expr, consts map[string]pysrc.Expr) ([]any, bool) {
	if v.Kind == pysrc.Call && v.Name == "list" && len(v.Positional()) == 1 {
		v = v.Positional()[0]
	}
	if v.Kind != pysrc.Call || v.Name != "range" {
		return nil, false
	}
	var bounds []int64
	for _, p := range v.Positional() {
		lit, ok := literal(p, consts)
		n, isInt := lit.(int64)
		if !ok || !isInt {
			return nil, false
		}
		bounds = append(bounds, n)
	}
	lo, hi := int64(0), int64(0)
	switch len(bounds) {
	case 1:
		hi = bounds[0]
	case 2:
		lo, hi = bounds[0], bounds[1]
	default:
		return nil, false
	}
	if hi-lo < 1 || hi-lo > 100 {
		return nil, false
	}
	var out []any
	for i := lo; i < hi; i++ {
		out = append(out, i)
	}
	return out, true
}

// destOf is argparse's dest rule: the first long option, else the first
// short one, dashes stripped and inner dashes turned into underscores.
func destOf(flags []string) string {
	pick := ""
	for _, f := range flags {
		if strings.HasPrefix(f, "--") {
			pick = f
			break
		}
	}
	if pick == "" {
		pick = flags[0]
	}
	return strings.ReplaceAll(strings.TrimLeft(pick, "-"), "-", "_")
}

func applyDefaults(args []facts.RepoScriptArg, defaults map[string]pysrc.Expr, consts map[string]pysrc.Expr) {
	for i := range args {
		if v, ok := defaults[args[i].Dest]; ok {
			args[i].DefaultText = v.Text
			args[i].Default, _ = literal(v, consts)
		}
	}
}

var spaceRE = regexp.MustCompile(`\s+`)

func shorten(s string) string {
	s = spaceRE.ReplaceAllString(s, " ")
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}
