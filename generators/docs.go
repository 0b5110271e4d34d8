package generators

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/cogport/cogport/plan"
)

// Versions the generated CI pins. ruff matches what cog-safe-push's lint
// step accepts (ruff >=0.6.1,<1); the cog-safe-push commit is its main
// branch as of 2025-12-04.
const (
	RuffVersion       = "0.17.5"
	CogSafePushCommit = "2ea3b29c28d0db41fc4794e1dcbd6dd71819d888"
)

var mdUnsafe = strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "\r", " ", "\n", " ", "`", "'")

var controlChars = regexp.MustCompile(`[\x00-\x1f\x7f]`)

// md makes text from strangers (card titles, prompts) safe inside one line
// of Markdown or a table cell: no raw HTML, no table breaks, no new lines.
func md(s string) string {
	s = controlChars.ReplaceAllString(s, " ")
	s = mdUnsafe.Replace(s)
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return strings.TrimSpace(s)
}

func defaultCell(in plan.Input) string {
	switch {
	case in.Required():
		return "required"
	case in.Default == nil:
		return "none"
	}
	v, err := pyInputLiteral(in, in.Default)
	if err != nil {
		return md(fmt.Sprint(in.Default))
	}
	return "`" + md(v) + "`"
}

func boundsCell(in plan.Input) string {
	var parts []string
	if in.Ge != nil {
		v, _ := pyInputLiteral(in, *in.Ge)
		parts = append(parts, "≥ "+v)
	}
	if in.Le != nil {
		v, _ := pyInputLiteral(in, *in.Le)
		parts = append(parts, "≤ "+v)
	}
	if len(in.Choices) > 0 {
		var cs []string
		for _, c := range in.Choices {
			cs = append(cs, md(fmt.Sprint(c)))
		}
		parts = append(parts, "one of "+strings.Join(cs, ", "))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// exampleCommand is a `cog predict` line for the first test case.
func exampleCommand(p *plan.Plan) string {
	if len(p.Tests) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("cog predict")
	for _, in := range p.Inputs {
		v, ok := p.Tests[0].Inputs[in.Name]
		if !ok {
			continue
		}
		b.WriteString(" -i " + ShellQuote(in.Name+"="+cliValue(v)))
	}
	return b.String()
}

// cliValue renders a value the way `cog predict -i name=value` reads it.
func cliValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		s, err := yamlValue(x)
		if err == nil {
			return s
		}
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	return fmt.Sprint(v)
}

func placeholderModel(p *plan.Plan) bool {
	return strings.HasPrefix(p.Model, plan.PlaceholderOwner+"/")
}

// fuzzDisabled lists the inputs cog-safe-push's fuzzer must not invent:
// files and secrets.
func fuzzDisabled(p *plan.Plan) []any {
	var out []any
	for _, in := range p.Inputs {
		if containsWord(in.Type, "Path") || in.Type == "Secret" {
			out = append(out, in.Name)
		}
	}
	// Recipes name more: a URL input (a LoRA) the fuzzer would invent badly.
	for _, name := range stringsVar(p, "FuzzDisabled") {
		if _, ok := p.InputNamed(name); ok && !containsAny(out, name) {
			out = append(out, name)
		}
	}
	return out
}

var linkUnsafe = strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E", " ", "%20", "\n", "", "\r", "", "`", "%60", "[", "%5B", "]", "%5D")

// link makes a URL safe as a Markdown link target; anything but http(s) is
// dropped.
func link(u string) string {
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return ""
	}
	return linkUnsafe.Replace(controlChars.ReplaceAllString(u, ""))
}

func containsAny(xs []any, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
