package comfy

import (
	"fmt"
	"strings"

	"github.com/cogport/cogport/sources/comfy/internal/jsonx"
	"github.com/cogport/cogport/sources/comfy/nodedef"
)

// Validate checks a prompt the way ComfyUI's server does before it runs
// one (execution.py validate_inputs), as far as the definitions reach:
// required inputs, link types, combo options and number bounds. Classes
// with no definition are skipped; the node lock reports them.
func Validate(p *Prompt, defs *nodedef.Table) []string {
	var out []string
	for _, n := range p.Nodes {
		def := defs.Lookup(n.Class)
		if def == nil {
			continue
		}
		for _, spec := range def.Inputs {
			if msg := validateInput(p, defs, n, spec); msg != "" {
				out = append(out, fmt.Sprintf("node %s (%s) input %s: %s", n.ID, n.Class, spec.Name, msg))
			}
		}
	}
	return out
}

func validateInput(p *Prompt, defs *nodedef.Table, n *Node, spec nodedef.Input) string {
	in, ok := n.Input(spec.Name)
	switch {
	case !ok && spec.Optional:
		return ""
	case !ok:
		return "required input missing"
	case in.Link != nil:
		return linkType(p, defs, in.Link, spec)
	case spec.Type == nodedef.TypeCombo:
		if s, isStr := in.Value.(string); isStr && !spec.HasChoice(s) {
			return fmt.Sprintf("%q is not one of its %d options", s, len(spec.Choices))
		}
	case spec.Type == nodedef.TypeInt || spec.Type == nodedef.TypeFloat:
		return bounds(in.Value, spec)
	}
	return ""
}

// linkType reports a source whose output type the input does not accept.
func linkType(p *Prompt, defs *nodedef.Table, l *Link, spec nodedef.Input) string {
	src := p.Node(l.Node)
	if src == nil {
		return ""
	}
	def := defs.Lookup(src.Class)
	if def == nil {
		return ""
	}
	got := def.OutputType(l.Slot)
	if got == "" || typesAccept(spec.Type, got) {
		return ""
	}
	return fmt.Sprintf("node %s output %d is %s, the input takes %s", l.Node, l.Slot, got, spec.Type)
}

// typesAccept follows the frontend's validConnection: "*" takes anything
// and comma-separated types take any of theirs. A combo input linked to a
// primitive output (a string) passes, as in ComfyUI.
func typesAccept(want, got string) bool {
	if want == "*" || got == "*" || want == got || (want == nodedef.TypeCombo && got == nodedef.TypeString) {
		return true
	}
	for _, w := range strings.Split(want, ",") {
		for _, g := range strings.Split(got, ",") {
			if strings.EqualFold(strings.TrimSpace(w), strings.TrimSpace(g)) {
				return true
			}
		}
	}
	return false
}

func bounds(v any, spec nodedef.Input) string {
	f, ok := jsonx.Float(v)
	switch {
	case !ok:
		return ""
	case spec.Min != nil && f < *spec.Min:
		return fmt.Sprintf("%v is below the minimum %v", v, *spec.Min)
	case spec.Max != nil && f > *spec.Max:
		return fmt.Sprintf("%v is above the maximum %v", v, *spec.Max)
	}
	return ""
}
