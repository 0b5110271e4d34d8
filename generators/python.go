package generators

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cogport/cogport/generators/pyfmt"
	"github.com/cogport/cogport/plan"
)

// signature renders predict()'s def line, black-formatted, from the plan's
// inputs and output.
func signature(p *plan.Plan) (string, error) {
	params, err := inputParams(p.Inputs)
	if err != nil {
		return "", err
	}
	all := append([]pyfmt.Param{{Head: "self"}}, params...)
	keyword, name := "def", "predict"
	if isAsync(p) {
		keyword = "async def"
	}
	if runAPI(p) {
		name = "run"
	}
	return decorators(p) + pyfmt.DefKeyword(4, keyword, name, all, " -> "+p.Output.Type), nil
}

// inputParams renders each input as `name: T = Input(description=..., ...)`.
func inputParams(inputs []plan.Input) ([]pyfmt.Param, error) {
	params := make([]pyfmt.Param, 0, len(inputs))
	for _, in := range inputs {
		args, err := inputArgs(in)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", in.Name, err)
		}
		params = append(params, pyfmt.Param{Head: in.Name + ": " + annotation(in) + " = Input", Args: args})
	}
	return params, nil
}

func annotation(in plan.Input) string {
	if in.Optional {
		return "Optional[" + in.Type + "]"
	}
	return in.Type
}

func inputArgs(in plan.Input) ([]string, error) {
	if strings.TrimSpace(in.Description) == "" {
		return nil, fmt.Errorf("no description")
	}
	args := []string{"description=" + pyfmt.Str(in.Description)}
	if in.Default != nil || in.Optional {
		lit, err := pyInputLiteral(in, in.Default)
		if err != nil {
			return nil, err
		}
		args = append(args, "default="+lit)
	}
	for _, b := range []struct {
		kw string
		v  *float64
	}{{"ge", in.Ge}, {"le", in.Le}} {
		if b.v == nil {
			continue
		}
		// Bounds must be literals: cog's static schema drops names and expressions.
		lit, err := pyInputLiteral(in, *b.v)
		if err != nil {
			return nil, err
		}
		args = append(args, b.kw+"="+lit)
	}
	if len(in.Choices) > 0 {
		items := make([]string, len(in.Choices))
		for i, c := range in.Choices {
			lit, err := pyInputLiteral(in, c)
			if err != nil {
				return nil, err
			}
			items[i] = lit
		}
		args = append(args, choicesArg(items))
	}
	return args, nil
}

// choicesArg is `choices=[...]`. Black explodes a list too long for its
// line one item per line; predict()'s Input arguments always sit at
// indent 12 when they are that long (the def at 4, each parameter at 8),
// so the list is exploded here, and the caller's split keeps it whole.
func choicesArg(items []string) string {
	const argIndent = 12
	flat := "choices=[" + strings.Join(items, ", ") + "]"
	if argIndent+len(flat)+1 <= pyfmt.LineLength {
		return flat
	}
	return strings.TrimLeft(pyfmt.Collection(argIndent, "choices=", "[", items, "]"), " ")
}

// pyInputLiteral renders v as a literal of the input's type: ints stay
// ints (ge=1, not ge=1.0) and floats stay floats.
func pyInputLiteral(in plan.Input, v any) (string, error) {
	if f, ok := v.(float64); ok && in.Type == "int" {
		if f != float64(int64(f)) {
			return "", fmt.Errorf("%v is not an integer", f)
		}
		return pyfmt.Lit(int64(f))
	}
	if i, ok := v.(int64); ok && in.Type == "float" {
		return pyfmt.Float(float64(i))
	}
	if i, ok := v.(int); ok && in.Type == "float" {
		return pyfmt.Float(float64(i))
	}
	return pyfmt.Lit(v)
}

// cogImports is the `from cog import ...` line the inputs and output need.
func cogImports(p *plan.Plan) string {
	base := "BasePredictor"
	if runAPI(p) {
		base = "BaseRunner"
	}
	names := map[string]bool{base: true, "Input": true}
	types := []string{p.Output.Type}
	for _, in := range p.Inputs {
		types = append(types, in.Type)
	}
	for _, t := range types {
		for _, name := range []string{"Path", "Secret", "ConcatenateIterator", "AsyncConcatenateIterator"} {
			if containsWord(t, name) {
				names[name] = true
			}
		}
	}
	for _, extra := range stringsVar(p, "CogImports") {
		names[extra] = true
	}
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	sort.Strings(list)
	module := ""
	if usesCogModule(p) {
		// The run API's decorators are spelled @cog.streaming and
		// @cog.concurrent, as cog's documentation writes them.
		module = "import cog\n"
	}
	line := "from cog import " + strings.Join(list, ", ")
	if len(line) <= pyfmt.LineLength {
		return module + line
	}
	return module + pyfmt.Collection(0, "from cog import ", "(", list, ")")
}

// typingImports is the `from typing import ...` line, or "" when none is needed.
func typingImports(p *plan.Plan) string {
	names := map[string]bool{}
	for _, in := range p.Inputs {
		if in.Optional {
			names["Optional"] = true
		}
	}
	for _, extra := range stringsVar(p, "TypingImports") {
		names[extra] = true
	}
	if len(names) == 0 {
		return ""
	}
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	sort.Strings(list)
	return "from typing import " + strings.Join(list, ", ")
}

// containsWord reports whether name occurs in t as a whole identifier.
func containsWord(t, name string) bool {
	for i := 0; ; {
		j := strings.Index(t[i:], name)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(name)
		if (start == 0 || !isIdent(t[start-1])) && (end == len(t) || !isIdent(t[end])) {
			return true
		}
		i = end
	}
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func stringsVar(p *plan.Plan, key string) []string {
	switch v := p.Vars[key].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
