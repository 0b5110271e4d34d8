package github

import (
	"fmt"
	"math"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// reserved are the builtins, modules and locals of the github templates'
// predict.py, on top of the names every template reserves (plan.ReservedName).
var reserved = map[string]bool{
	"isinstance": true, "subprocess": true, "shutil": true, "wave": true, "np": true, "Image": true,
	"importlib": true, "gr": true, "args": true, "out_dir": true, "output": true, "result": true,
	"values": true, "run": true, "outputs": true, "link": true, "REPO": true, "SCRIPT": true,
	"MODULE": true, "HANDLER": true, "BasePredictor": true, "copy": true, "iter": true, "next": true,
	"getattr": true,
}

// mapped is a plan input with the argument or component it feeds.
type mapped struct {
	in  plan.Input
	src facts.RepoInput
}

// planInputs types the entry point's user inputs for predict(): names that
// stay clear of predict.py's own, types cog accepts, defaults inside their
// choices and bounds.
func planInputs(p *plan.Plan, ep facts.RepoEntryPoint) []mapped {
	taken := map[string]bool{}
	var out []mapped
	var guessed []string
	for _, src := range ep.Inputs {
		if src.Role != "input" {
			continue
		}
		in := plan.Input{Name: uniqueName(src.Name, taken), Type: cogType(src.Type), Description: describe(src, ep)}
		if src.DescriptionGuessed {
			guessed = append(guessed, in.Name)
		}
		setDefault(p, &in, src)
		setChoices(p, &in, src)
		setBounds(p, &in, src)
		out = append(out, mapped{in: in, src: src})
	}
	if len(guessed) > 0 {
		p.Warn(fmt.Sprintf("%s of %s had no help text, so cogport wrote %s: describe %s properly in predict.py",
			plural(len(guessed), "input", "inputs"), ep.Path, plural(len(guessed), "description", "descriptions"),
			strings.Join(guessed, ", ")))
	}
	return out
}

func uniqueName(name string, taken map[string]bool) string {
	if name == "" {
		name = "value"
	}
	if plan.ReservedName(name) || reserved[name] || strings.HasPrefix(name, "_") {
		name = strings.TrimLeft(name, "_") + "_"
		if name == "_" {
			name = "value"
		}
	}
	n := name
	for i := 2; taken[n]; i++ {
		n = fmt.Sprintf("%s_%d", name, i)
	}
	taken[n] = true
	return n
}

// cogType keeps the types cog accepts as inputs: str, int, float, bool,
// Path and flat lists of them.
func cogType(t string) string {
	switch t {
	case "str", "int", "float", "bool", "Path":
		return t
	case "list[str]", "list[int]", "list[float]", "list[Path]":
		return t
	}
	return "str"
}

// describe is the help text on one line, or the generated description.
func describe(src facts.RepoInput, ep facts.RepoEntryPoint) string {
	d := strings.Join(strings.Fields(src.Description), " ")
	if d == "" {
		d = fmt.Sprintf("Value of %s for %s.", src.Dest, ep.Path)
	}
	if r := []rune(d); len(r) > 300 {
		d = string(r[:300]) + "..."
	}
	return d
}

// setDefault copies a default of the input's type; an input the script
// does not require and that has none is Optional (None leaves it out of
// the command line).
func setDefault(p *plan.Plan, in *plan.Input, src facts.RepoInput) {
	in.Default = literal(in.Type, src.Default)
	switch {
	case in.Default != nil:
	case in.Type == "bool":
		in.Default = false
	case !src.Required:
		in.Optional = true
	}
}

// literal converts v to the Go value plan.Input wants for type t, or nil.
func literal(t string, v any) any {
	switch x := v.(type) {
	case string:
		if t == "str" {
			return x
		}
	case bool:
		if t == "bool" {
			return x
		}
	case int64:
		switch t {
		case "int":
			return x
		case "float":
			return float64(x)
		}
	case float64:
		switch {
		case t == "float" && !math.IsInf(x, 0) && !math.IsNaN(x):
			return x
		case t == "int" && x == math.Trunc(x) && math.Abs(x) < 1<<53:
			return int64(x)
		}
	}
	return nil
}

// setChoices keeps choices cog accepts (two or more str or int values of
// the input's type) and only with a default among them.
func setChoices(p *plan.Plan, in *plan.Input, src facts.RepoInput) {
	if len(src.Choices) < 2 || (in.Type != "str" && in.Type != "int") {
		return
	}
	var choices []any
	for _, c := range src.Choices {
		v := literal(in.Type, c)
		if v == nil {
			return
		}
		choices = append(choices, v)
	}
	if in.Default != nil && !contains(choices, in.Default) {
		p.Warn(fmt.Sprintf("input %s: the default %v is not among the choices, so the choices were dropped", in.Name, in.Default))
		return
	}
	in.Choices = choices
}

// setBounds keeps numeric bounds that hold the default.
func setBounds(p *plan.Plan, in *plan.Input, src facts.RepoInput) {
	if (in.Type != "int" && in.Type != "float") || len(in.Choices) > 0 {
		return
	}
	var def float64
	switch x := in.Default.(type) {
	case int64:
		def = float64(x)
	case float64:
		def = x
	default:
		in.Ge, in.Le = src.Ge, src.Le
		return
	}
	if src.Ge != nil && def < *src.Ge || src.Le != nil && def > *src.Le {
		p.Warn(fmt.Sprintf("input %s: the default %v is outside its bounds, so the bounds were dropped", in.Name, in.Default))
		return
	}
	in.Ge, in.Le = src.Ge, src.Le
}

func contains(list []any, v any) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
