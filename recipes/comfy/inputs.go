package comfy

import (
	"fmt"
	"math"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// reservedNames are the names the comfyui template's predict() body uses,
// on top of those every template reserves (plan.ReservedName). An input
// traced to one of them gets "_input" appended.
var reservedNames = map[string]bool{
	"copy": true, "workflow": true, "set_input": true, "stage": true, "empty": true, "folder": true,
	"INPUT_DIR": true, "OUTPUT_DIR": true, "TEMP_DIR": true,
}

// cogTypes are the annotations a traced input may have.
var cogTypes = map[string]bool{"str": true, "int": true, "float": true, "bool": true, "Path": true}

// useInputs turns the traced inputs into predict() parameters and records,
// for the template, which node inputs each one is written into.
func useInputs(p *plan.Plan, traced []facts.ComfyInput) error {
	taken := map[string]bool{}
	subs := []map[string]any{}
	files := []string{}
	for _, ci := range traced {
		in, warns := planInput(ci)
		for _, w := range warns {
			p.Warn(w)
		}
		name := freeName(in.Name, taken)
		if name != in.Name {
			p.Warn(fmt.Sprintf("input %s is called %s: predict() cannot use the name %s", in.Name, name, in.Name))
			in.Name = name
		}
		if len(ci.Targets) == 0 {
			return fmt.Errorf("traced input %s is written into no node", ci.Name)
		}
		p.Inputs = append(p.Inputs, in)
		subs = append(subs, substitution(in, ci))
		if in.Type == "Path" {
			files = append(files, in.Name)
		}
	}
	p.Vars["Substitutions"] = subs
	p.Vars["FileInputs"] = files
	var why string
	p.Tests, why = testCases(p.Inputs, traced)
	if why != "" {
		p.Warn("no example prediction: " + why + "; add a test case to cog-safe-push-configs/default.yaml")
	}
	return nil
}

// freeName is name, or name + "_input" (numbered) when name is reserved
// or taken.
func freeName(name string, taken map[string]bool) string {
	base := name
	if plan.ReservedName(base) || reservedNames[base] {
		base += "_input"
	}
	out := base
	for i := 2; taken[out]; i++ {
		out = fmt.Sprintf("%s_%d", base, i)
	}
	taken[out] = true
	return out
}

// substitution is what the template needs to write an input into the
// workflow: its name, how (a file is staged first, a blank seed drawn at
// random, a blank optional input skipped) and where.
func substitution(in plan.Input, ci facts.ComfyInput) map[string]any {
	targets := make([]map[string]any, len(ci.Targets))
	for i, t := range ci.Targets {
		targets[i] = map[string]any{"Node": t.Node, "Input": t.Input}
	}
	return map[string]any{
		"Name":     in.Name,
		"File":     in.Type == "Path",
		"Seed":     ci.Role == "seed" && in.Type == "int" && in.Optional,
		"Optional": in.Optional,
		"Targets":  targets,
	}
}

// planInput converts one traced input: bounds become ge/le (integers for
// an int), choices win over bounds, and a default that breaks either is
// kept while the rule it breaks is dropped.
func planInput(ci facts.ComfyInput) (plan.Input, []string) {
	var warns []string
	in := plan.Input{Name: ci.Name, Type: ci.Type, Optional: ci.Optional, Description: strings.TrimSpace(ci.Description)}
	if !cogTypes[in.Type] {
		warns = append(warns, fmt.Sprintf("input %s: type %q is not one cog takes; it is a str", ci.Name, ci.Type))
		in.Type = "str"
	}
	if in.Description == "" {
		in.Description = fmt.Sprintf("Value for %s", describeTargets(ci.Targets))
	}
	if in.Type == "Path" {
		return in, warns
	}
	in.Default = convert(in.Type, ci.Default)
	if in.Type == "int" || in.Type == "float" {
		in.Ge, in.Le = bounds(in.Type, ci.Min, ci.Max)
	}
	in.Choices = choices(in.Type, ci.Choices)
	if len(in.Choices) > 0 {
		in.Ge, in.Le = nil, nil
		if in.Default != nil && !contains(in.Choices, in.Default) {
			in.Choices = append(in.Choices, in.Default)
			warns = append(warns, fmt.Sprintf("input %s: the workflow's %v is not among the choices; added", in.Name, in.Default))
		}
	}
	if d, ok := number(in.Default); ok {
		if in.Ge != nil && d < *in.Ge || in.Le != nil && d > *in.Le {
			warns = append(warns, fmt.Sprintf("input %s: the workflow's %v is outside the node's range; no bounds", in.Name, in.Default))
			in.Ge, in.Le = nil, nil
		}
	}
	return in, warns
}

func describeTargets(ts []facts.ComfyTarget) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = fmt.Sprintf("node %s input %s", t.Node, t.Input)
	}
	return strings.Join(parts, ", ")
}

// convert gives a default the input's Go type (int64, float64, bool or
// string); nil stays nil, and a value that cannot convert is dropped.
func convert(typ string, v any) any {
	if v == nil {
		return nil
	}
	switch typ {
	case "int":
		if f, ok := number(v); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return int64(f)
		}
	case "float":
		if f, ok := number(v); ok {
			return f
		}
	case "bool":
		if b, ok := v.(bool); ok {
			return b
		}
	default:
		if s, ok := v.(string); ok {
			return s
		}
		return fmt.Sprint(v)
	}
	return nil
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	}
	return 0, false
}

// bounds turns a node's min and max into ge and le, rounded inwards for an
// int; bounds beyond 2^53 are dropped, as they cannot be written exactly.
func bounds(typ string, lo, hi *float64) (*float64, *float64) {
	fix := func(p *float64, round func(float64) float64) *float64 {
		if p == nil || math.IsNaN(*p) || math.Abs(*p) >= 1<<53 {
			return nil
		}
		v := *p
		if typ == "int" {
			v = round(v)
		}
		return &v
	}
	ge, le := fix(lo, math.Ceil), fix(hi, math.Floor)
	if ge != nil && le != nil && *ge > *le {
		return nil, nil
	}
	return ge, le
}

// choices keeps a combo's options when cog can take them: at least two,
// all strings for a str (or all whole numbers for an int).
func choices(typ string, cs []any) []any {
	if len(cs) < 2 || (typ != "str" && typ != "int") {
		return nil
	}
	out := make([]any, 0, len(cs))
	for _, c := range cs {
		v := convert(typ, c)
		if v == nil || (typ == "str" && fmt.Sprint(c) != v) {
			return nil
		}
		if !contains(out, v) {
			out = append(out, v)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

func contains(list []any, v any) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// testCases is one example prediction: a fixed seed, and every required
// input from the workflow's own example (a file only when it is a URL the
// test runner can fetch). Without a value for a required input there is no
// case, and the second result says why.
func testCases(inputs []plan.Input, traced []facts.ComfyInput) ([]plan.TestCase, string) {
	tc := plan.TestCase{Inputs: map[string]any{}}
	for i, in := range inputs {
		ci := traced[i]
		switch {
		case ci.Role == "seed" && in.Type == "int":
			tc.Inputs[in.Name] = int64(42)
		case in.Required() && in.Type == "Path":
			u, _ := ci.Example.(string)
			if !strings.HasPrefix(u, "https://") {
				return nil, fmt.Sprintf("the file input %s has no example URL", in.Name)
			}
			tc.Inputs[in.Name] = u
		case in.Required():
			return nil, fmt.Sprintf("the input %s has no default", in.Name)
		}
	}
	for _, in := range inputs {
		if len(tc.Inputs) > 0 {
			break
		}
		if in.Default != nil {
			tc.Inputs[in.Name] = in.Default
		}
	}
	if len(tc.Inputs) == 0 {
		return nil, ""
	}
	return []plan.TestCase{tc}, ""
}
