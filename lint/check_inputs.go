package lint

import (
	"fmt"
	"regexp"

	"github.com/replicate/cog/pkg/schema"
)

var (
	ruleNoDescription = Rule{"input-no-description", Error,
		"an input without a description: cog-safe-push refuses to push it"}
	ruleCredential = Rule{"input-credential-not-secret", Error,
		"an input named like a credential (hf_token, api_key …) that is not a cog.Secret, so it is logged in clear"}
	ruleBoundsNonNumeric = Rule{"input-bounds-non-numeric", Error, "ge/le on an input that is not int or float: fails at container start"}
	ruleChoicesBounds    = Rule{"input-choices-with-bounds", Error, "an input with both choices and ge/le: fails at container start"}
	ruleFloatChoices     = Rule{"input-float-choices", Error, "choices on a float input: cog allows choices on str and int only"}
	ruleFewChoices       = Rule{"input-too-few-choices", Error, "choices with fewer than 2 values: fails at container start"}
	ruleDefaultChoice    = Rule{"input-default-not-in-choices", Error, "a default that is not one of the choices (cog does not catch it)"}
	ruleDefaultBounds    = Rule{"input-default-out-of-bounds", Error,
		"a default outside ge/le, min_length/max_length or regex: fails at container start"}
)

// credentialName matches input names that hold secrets: hf_token, api_key,
// civitai_api_token, password, but not max_new_tokens (DESIGN.md §0).
var credentialName = regexp.MustCompile(`(?i)(^|_)(token|api_?key|secret|password|passwd|credentials?)$`)

func inputsCheck() Check {
	return Check{
		ID: "inputs",
		Rules: []Rule{ruleNoDescription, ruleCredential, ruleBoundsNonNumeric, ruleChoicesBounds,
			ruleFloatChoices, ruleFewChoices, ruleDefaultChoice, ruleDefaultBounds},
		Run: checkInputs,
	}
}

func checkInputs(p *Package) []Finding {
	var out []Finding
	for _, e := range []*Entry{p.Predict, p.Train} {
		if e == nil || e.Info == nil || e.Info.Inputs == nil {
			continue
		}
		lines := e.paramLines()
		for _, name := range e.Info.Inputs.Keys() {
			in, _ := e.Info.Inputs.Get(name)
			out = append(out, judgeInput(e, in, lines[name])...)
		}
	}
	return out
}

// paramLines maps the parameters of an entry's function to their lines.
func (e *Entry) paramLines() map[string]int {
	lines := map[string]int{}
	if fn := e.function(); fn != nil {
		for _, prm := range e.Source.params(fn) {
			lines[prm.Name] = prm.Line
		}
	}
	return lines
}

// function finds the function the entry runs in its source, the way cog
// does: run() before predict() in a predictor class.
func (e *Entry) function() *pyNode {
	if e.Source == nil {
		return nil
	}
	methods := []string{"run", "predict"}
	if e.Key == "train" {
		methods = []string{"train"}
	}
	return e.Source.target(e.Symbol, methods...)
}

func judgeInput(e *Entry, in schema.InputField, line int) []Finding {
	at := func(r Rule, fix, format string, args ...any) Finding {
		return r.at(e.File, line, fix, "%s input %q "+format, append([]any{e.Key, in.Name}, args...)...)
	}
	var out []Finding
	deprecated := in.Deprecated != nil && *in.Deprecated
	if !deprecated && (in.Description == nil || *in.Description == "") {
		out = append(out, at(ruleNoDescription, `add Input(description="…")`, "has no description"))
	}
	if credentialName.MatchString(in.Name) && in.FieldType.Primitive != schema.TypeSecret {
		out = append(out, at(ruleCredential, fmt.Sprintf("annotate it %s: Secret and read it with .get_secret_value()", in.Name),
			"looks like a credential but is %s, not cog.Secret", in.FieldType.Primitive))
	}
	numeric := in.FieldType.Repetition <= schema.Optional &&
		(in.FieldType.Primitive == schema.TypeInteger || in.FieldType.Primitive == schema.TypeFloat)
	bounded := in.GE != nil || in.LE != nil
	if bounded && !numeric {
		out = append(out, at(ruleBoundsNonNumeric, "drop ge/le, or use min_length/max_length/regex for strings",
			"has ge/le but is not an int or float"))
	}
	out = append(out, judgeChoices(in, bounded, at)...)
	return append(out, judgeDefault(in, at)...)
}

type findingAt func(r Rule, fix, format string, args ...any) Finding

func judgeChoices(in schema.InputField, bounded bool, at findingAt) []Finding {
	if len(in.Choices) == 0 {
		return nil
	}
	var out []Finding
	if bounded {
		out = append(out, at(ruleChoicesBounds, "keep either choices or ge/le", "has both choices and ge/le"))
	}
	for _, c := range in.Choices {
		if c.Kind == schema.DefaultFloat || in.FieldType.Primitive == schema.TypeFloat {
			out = append(out, at(ruleFloatChoices, "make it a str or int input, or use ge/le", "has float choices"))
			break
		}
	}
	if len(in.Choices) < 2 {
		out = append(out, at(ruleFewChoices, "offer at least two choices, or drop the input", "has %d choice(s)", len(in.Choices)))
	}
	if d := in.Default; d != nil && d.Kind != schema.DefaultNone && !containsValue(in.Choices, *d) {
		out = append(out, at(ruleDefaultChoice, "make the default one of the choices",
			"default %v is not among its choices %v", jsonish(*d), jsonList(in.Choices)))
	}
	return out
}

func judgeDefault(in schema.InputField, at findingAt) []Finding {
	d := in.Default
	if d == nil {
		return nil
	}
	var out []Finding
	if f, ok := number(*d); ok {
		if in.GE != nil && f < *in.GE {
			out = append(out, at(ruleDefaultBounds, "raise the default or lower ge", "default %v is below ge=%v", jsonish(*d), *in.GE))
		}
		if in.LE != nil && f > *in.LE {
			out = append(out, at(ruleDefaultBounds, "lower the default or raise le", "default %v is above le=%v", jsonish(*d), *in.LE))
		}
	}
	if d.Kind != schema.DefaultString {
		return out
	}
	n := len([]rune(d.Str))
	if in.MinLength != nil && uint64(n) < *in.MinLength {
		out = append(out, at(ruleDefaultBounds, "lengthen the default or lower min_length", "default %q is shorter than min_length=%d", d.Str, *in.MinLength))
	}
	if in.MaxLength != nil && uint64(n) > *in.MaxLength {
		out = append(out, at(ruleDefaultBounds, "shorten the default or raise max_length", "default %q is longer than max_length=%d", d.Str, *in.MaxLength))
	}
	if in.Regex != nil {
		if re, err := regexp.Compile(*in.Regex); err == nil && !re.MatchString(d.Str) {
			out = append(out, at(ruleDefaultBounds, "make the default match the regex", "default %q does not match regex %q", d.Str, *in.Regex))
		}
	}
	return out
}

func number(v schema.DefaultValue) (float64, bool) {
	switch v.Kind {
	case schema.DefaultInt:
		return float64(v.Int), true
	case schema.DefaultFloat:
		return v.Float, true
	}
	return 0, false
}

// containsValue compares numbers as numbers (1 == 1.0) and the rest by kind
// and JSON value.
func containsValue(list []schema.DefaultValue, v schema.DefaultValue) bool {
	for _, c := range list {
		a, aok := number(c)
		b, bok := number(v)
		if (aok && bok && a == b) || (c.Kind == v.Kind && jsonish(c) == jsonish(v)) {
			return true
		}
	}
	return false
}

func jsonish(v schema.DefaultValue) string {
	if v.Kind == schema.DefaultString {
		return fmt.Sprintf("%q", v.Str)
	}
	return fmt.Sprint(v.ToJSON())
}

func jsonList(vs []schema.DefaultValue) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = jsonish(v)
	}
	return out
}
