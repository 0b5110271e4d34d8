package entry

import (
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/github/pysrc"
)

// bounds are a click IntRange/FloatRange's limits, keyed by dest.
type bounds struct{ ge, le *float64 }

// clickEntry reads @click.option and @click.argument decorators; nil when f has
// none.
func clickEntry(f File) (*facts.RepoEntryPoint, []string, map[string]bounds) {
	alias := moduleAlias(f.Py, "click")
	if alias == "" {
		return nil, nil, nil
	}
	calls := f.Py.Calls(func(n string) bool { return n == alias+".option" || n == alias+".argument" })
	ep := &facts.RepoEntryPoint{Path: f.Path, Kind: "click"}
	var warns []string
	ranges := map[string]bounds{}
	consts := f.Py.Assignments()
	for _, c := range calls {
		arg, w := readArg(f, c, consts)
		warns = append(warns, w...)
		if arg == nil {
			continue
		}
		clickArg(arg, c.Call, strings.HasSuffix(c.Call.Name, ".argument"), consts, ranges)
		ep.Args = append(ep.Args, *arg)
	}
	if len(ep.Args) == 0 && len(warns) == 0 {
		return nil, nil, nil
	}
	return ep, warns, ranges
}

// clickArg adapts an argparse-shaped reading to click's conventions.
func clickArg(arg *facts.RepoScriptArg, call pysrc.Expr, positional bool, consts map[string]pysrc.Expr, ranges map[string]bounds) {
	var flags []string
	name := ""
	for _, fl := range arg.Flags {
		switch {
		case strings.Contains(fl, "/"): // "--fp16/--no-fp16"
			on, _, _ := strings.Cut(fl, "/")
			flags = append(flags, on)
			arg.Action = "store_true"
		case strings.HasPrefix(fl, "-"):
			flags = append(flags, fl)
		default:
			name = fl // the explicit parameter name
		}
	}
	if len(flags) > 0 {
		arg.Flags = flags
	}
	arg.Dest = name
	if arg.Dest == "" {
		arg.Dest = destOf(arg.Flags)
	}
	arg.Required = arg.Required || positional && arg.Default == nil
	if v, ok := call.Keyword("is_flag"); ok && v.Kind == pysrc.Bool && v.Bool {
		arg.Action = "store_true"
	}
	if v, ok := call.Keyword("multiple"); ok && v.Kind == pysrc.Bool && v.Bool {
		arg.Nargs = "*"
	}
	if t, ok := call.Keyword("type"); ok {
		clickType(arg, t, consts, ranges)
	}
}

// clickType reads click.Path/File/Choice/IntRange/FloatRange types.
func clickType(arg *facts.RepoScriptArg, t pysrc.Expr, consts map[string]pysrc.Expr, ranges map[string]bounds) {
	if t.Kind == pysrc.Ident {
		simple := map[string]string{"INT": "int", "FLOAT": "float", "STRING": "str", "BOOL": "bool", "UNPROCESSED": "str"}
		if s, ok := simple[t.Name[strings.LastIndex(t.Name, ".")+1:]]; ok {
			arg.Type = s
		}
		return
	}
	if t.Kind != pysrc.Call {
		return
	}
	kind := t.Name[strings.LastIndex(t.Name, ".")+1:]
	switch kind {
	case "Path", "File":
		arg.Type = "Path"
	case "Choice":
		if ps := t.Positional(); len(ps) > 0 {
			if lit, ok := literal(ps[0], consts); ok {
				arg.Choices, _ = lit.([]any)
			}
		}
		arg.Type = "str"
	case "IntRange", "FloatRange":
		arg.Type = map[string]string{"IntRange": "int", "FloatRange": "float"}[kind]
		var b bounds
		ps := t.Positional()
		b.ge = number(ps, 0, t, "min", consts)
		b.le = number(ps, 1, t, "max", consts)
		ranges[arg.Dest] = b
	}
}

// number reads a positional or keyword numeric literal.
func number(ps []pysrc.Expr, i int, call pysrc.Expr, key string, consts map[string]pysrc.Expr) *float64 {
	var e pysrc.Expr
	if i < len(ps) {
		e = ps[i]
	} else if k, ok := call.Keyword(key); ok {
		e = k
	} else {
		return nil
	}
	lit, _ := literal(e, consts)
	switch v := lit.(type) {
	case int64:
		f := float64(v)
		return &f
	case float64:
		return &v
	}
	return nil
}

// moduleAlias returns the name module is imported as ("" when it is not).
func moduleAlias(f *pysrc.File, module string) string {
	for _, im := range f.Imports() {
		if im.Module == module && im.Name == "" {
			return im.Alias
		}
	}
	return ""
}

// applyBounds copies click ranges onto the typed inputs.
func applyBounds(inputs []facts.RepoInput, ranges map[string]bounds) {
	for i := range inputs {
		if b, ok := ranges[inputs[i].Dest]; ok {
			inputs[i].Ge, inputs[i].Le = b.ge, b.le
		}
	}
}
