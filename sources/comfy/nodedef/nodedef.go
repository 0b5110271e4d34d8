// Package nodedef reads ComfyUI node definitions in the shape of the server's
// /object_info endpoint and carries the embedded table of the nodes ComfyUI
// core ships, generated from recorded dumps (see Core).
package nodedef

import "strings"

// Widget types: inputs of these types (and combos) are widgets in the UI and
// literals in the API; anything else is a socket fed by a link.
const (
	TypeInt     = "INT"
	TypeFloat   = "FLOAT"
	TypeString  = "STRING"
	TypeBoolean = "BOOLEAN"
	TypeCombo   = "COMBO"
)

// Node is one class's definition.
type Node struct {
	Class       string
	DisplayName string
	Category    string
	// Inputs are the required then optional inputs in declaration order;
	// hidden inputs (PROMPT, UNIQUE_ID, ...) are left out.
	Inputs  []Input
	Outputs []Output
	// OutputNode marks nodes that produce results (SaveImage, ...).
	OutputNode bool
	Deprecated bool
	// widgets caches Widgets for parsed definitions (they never change).
	widgets []Input
}

// Input is one input spec: [TYPE, {options}].
type Input struct {
	Name string
	// Type is INT, FLOAT, STRING, BOOLEAN, COMBO or a socket type (MODEL).
	Type     string
	Optional bool
	// Default is the spec's default (json.Number, string, bool) or nil.
	Default any
	// Min, Max and Step bound numbers; nil when the spec has none.
	Min, Max, Step *float64
	// Choices are a combo's options. A combo whose options were files of
	// the machine that recorded the dump (checkpoints, uploaded images) has
	// none: any value goes.
	Choices []any
	// Multiline and DynamicPrompts mark prompt-like STRING widgets.
	Multiline      bool
	DynamicPrompts bool
	// ForceInput makes a widget type a socket: no widget, no value slot.
	ForceInput bool
	// Upload names the upload button the frontend adds after the widget
	// ("image", "audio", "video", "file"); it takes a value slot in the UI.
	Upload string
	// Control is the spec's control_after_generate flag, nil when unset.
	Control *bool
	Tooltip string
}

// Output is one output slot.
type Output struct {
	Type   string
	Name   string
	IsList bool
}

// IsWidget reports whether the input is a widget (a literal in the API)
// rather than a socket.
func (in Input) IsWidget() bool {
	if in.ForceInput {
		return false
	}
	switch in.Type {
	case TypeInt, TypeFloat, TypeString, TypeBoolean, TypeCombo:
		return true
	}
	return false
}

// HasControl reports whether the frontend puts a control_after_generate
// companion (fixed/increment/decrement/randomize, or a boolean in old files)
// after this widget: the spec's flag, or else an INT named seed or
// noise_seed (ComfyUI_frontend useIntWidget).
func (in Input) HasControl() bool {
	if in.Type != TypeInt || in.ForceInput {
		return false
	}
	if in.Control != nil {
		return *in.Control
	}
	return in.Name == "seed" || in.Name == "noise_seed"
}

// IsSeed reports whether the input is a seed-like INT.
func (in Input) IsSeed() bool {
	return in.HasControl() || (in.Type == TypeInt && strings.Contains(in.Name, "seed"))
}

// HasChoice reports whether v is one of a combo's choices (true when the
// combo has no fixed list).
func (in Input) HasChoice(v any) bool {
	if len(in.Choices) == 0 {
		return true
	}
	for _, c := range in.Choices {
		if c == v {
			return true
		}
	}
	return false
}

// Input returns the input called name.
func (n *Node) Input(name string) (Input, bool) {
	for _, in := range n.Inputs {
		if in.Name == name {
			return in, true
		}
	}
	return Input{}, false
}

// Widgets returns the widget inputs in declaration order. Callers must
// not modify the result.
func (n *Node) Widgets() []Input {
	if n.widgets != nil {
		return n.widgets
	}
	return n.widgetList()
}

func (n *Node) widgetList() []Input {
	out := []Input{}
	for _, in := range n.Inputs {
		if in.IsWidget() {
			out = append(out, in)
		}
	}
	return out
}

// Sockets returns the socket inputs (links only) in declaration order.
func (n *Node) Sockets() []Input {
	var out []Input
	for _, in := range n.Inputs {
		if !in.IsWidget() {
			out = append(out, in)
		}
	}
	return out
}

// OutputType returns the type of output slot i, "" when out of range.
func (n *Node) OutputType(i int) string {
	if i < 0 || i >= len(n.Outputs) {
		return ""
	}
	return n.Outputs[i].Type
}
