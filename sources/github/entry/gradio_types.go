package entry

import (
	"fmt"
	"strings"

	"github.com/cogport/cogport/facts"
)

// componentInput types one component; ok is false for components that are
// not user inputs (State).
func componentInput(c component, at string, warns *[]string) (facts.RepoInput, bool) {
	in := facts.RepoInput{Role: "input", Type: "str"}
	in.Description = firstNonEmpty(c.str("info"), c.str("label"), c.str("placeholder"))
	warn := func(format string, args ...any) {
		*warns = append(*warns, fmt.Sprintf("%s: %s: ", at, c.kind)+fmt.Sprintf(format, args...))
	}
	switch {
	case c.kind == "State":
		warn("gr.State is app state, not an input; skipped")
		return in, false
	case c.kind == "Gallery" || c.kind == "Files":
		in.Type, in.Required = "list[Path]", true
	case c.kind == "File" && c.str("file_count") != "" && c.str("file_count") != "single":
		in.Type, in.Required = "list[Path]", true
	case pathComponents[c.kind]:
		in.Type, in.Required = "Path", true
		if s := c.str("value"); s != "" {
			in.Example = s
		}
	case c.kind == "Slider":
		slider(c, &in, warn)
	case c.kind == "Number":
		number1(c, &in)
	case c.kind == "Checkbox":
		in.Type, in.Default = "bool", false
		if v, ok := c.get("value"); ok {
			in.Default = v
		}
	case c.kind == "Dropdown" || c.kind == "Radio" || c.kind == "CheckboxGroup":
		choice(c, &in, warn)
	case c.kind == "Textbox" || c.kind == "Text" || c.kind == "TextArea" || c.kind == "Code" || c.kind == "ColorPicker":
		textbox(c, &in)
	default:
		warn("no typed mapping for this component; mapped to str")
		in.Required = true
	}
	return in, true
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func textbox(c component, in *facts.RepoInput) {
	if v, ok := c.get("value"); ok {
		if s, isStr := v.(string); isStr {
			in.Default = s
			return
		}
	}
	in.Required = true
}

// slider types a Slider as int when its bounds, value and step are ints.
// A bound given as an expression (maximum=MAX_SEED) is left open.
func slider(c component, in *facts.RepoInput, warn func(string, ...any)) {
	lo, hasLo := c.get("minimum")
	hi, hasHi := c.get("maximum")
	val, hasVal := c.get("value")
	step, _ := c.get("step")
	isInt := true
	for _, v := range []any{lo, hi, val, step} {
		if _, isFloat := v.(float64); isFloat {
			isInt = false
		}
	}
	in.Type = "float"
	if isInt {
		in.Type = "int"
	}
	switch {
	case !hasLo && c.has("minimum"):
		warn("minimum is not a literal; left open")
	case !hasLo:
		lo = int64(0) // Gradio's default
	}
	switch {
	case !hasHi && c.has("maximum"):
		warn("maximum is not a literal; left open")
	case !hasHi:
		hi = int64(100)
	}
	in.Ge, in.Le = toFloat(lo), toFloat(hi)
	switch {
	case hasVal && val != nil:
		in.Default = val
	case in.Ge != nil:
		in.Default = lo // Gradio starts a slider at its minimum
	}
	if !isInt {
		in.Default = asFloat(in.Default)
	}
}

func number1(c component, in *facts.RepoInput) {
	in.Type = "float"
	if p, ok := c.get("precision"); ok && p == int64(0) {
		in.Type = "int"
	}
	if lo, ok := c.get("minimum"); ok {
		in.Ge = toFloat(lo)
	}
	if hi, ok := c.get("maximum"); ok {
		in.Le = toFloat(hi)
	}
	if v, ok := c.get("value"); ok && v != nil {
		in.Default = v
		if in.Type == "float" {
			in.Default = asFloat(v)
		}
	} else {
		in.Required = true
	}
}

// choice reads Dropdown/Radio/CheckboxGroup choices ((label, value)
// pairs give their values).
func choice(c component, in *facts.RepoInput, warn func(string, ...any)) {
	raw, _ := c.get("choices")
	list, _ := raw.([]any)
	for _, x := range list {
		if pair, ok := x.([]any); ok && len(pair) == 2 {
			x = pair[1]
		}
		in.Choices = append(in.Choices, x)
	}
	if v, ok := c.get("value"); ok && v != nil {
		in.Default = v
	} else if len(in.Choices) > 0 && c.kind == "Radio" {
		in.Default = in.Choices[0]
	} else {
		in.Required = true
	}
	multi, _ := c.get("multiselect")
	switch {
	case c.kind == "CheckboxGroup" || multi == true:
		in.Type, in.Choices = "list[str]", nil
		warn("several values may be chosen; mapped to list[str] without choices")
	case c.str("type") == "index":
		in.Type = "int"
		warn("type=\"index\": the app receives the choice's index; the wrapper must map it")
	}
	if len(in.Choices) == 0 && in.Type == "str" {
		warn("choices are not literal; mapped to a free str")
	}
	if in.Default != nil && len(in.Choices) > 0 && !containsValue(in.Choices, in.Default) {
		if list, ok := in.Default.([]any); !ok || len(list) > 0 {
			warn("default %v is not among the choices", in.Default)
		}
	}
	if strings.HasPrefix(in.Type, "list") {
		in.Default = nil
	}
}

func toFloat(v any) *float64 {
	switch x := v.(type) {
	case int64:
		f := float64(x)
		return &f
	case float64:
		return &x
	}
	return nil
}

func asFloat(v any) any {
	if i, ok := v.(int64); ok {
		return float64(i)
	}
	return v
}
