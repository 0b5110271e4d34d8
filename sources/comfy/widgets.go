package comfy

import (
	"strings"

	"github.com/cogport/cogport/sources/comfy/nodedef"
)

// controlWords are the values of the control_after_generate companion.
var controlWords = map[string]bool{"fixed": true, "increment": true, "decrement": true, "randomize": true}

// uiOnlyKeys are dict widgets_values entries that are frontend state, not
// inputs (VHS keeps its preview and upload button there).
var uiOnlyKeys = map[string]bool{"videopreview": true, "choose video to upload": true,
	"choose file to upload": true, "choose audio to upload": true, "upload": true}

// widgets maps a node's widgets_values to named literals (step 4 of the
// conversion): a dict maps by key, a list follows the definition's widget
// order, skipping companions and ignoring trailing extras.
func (c *converter) widgets(api *Node, n *fnode, def *nodedef.Node) {
	switch {
	case n.isDict:
		dictWidgets(api, n, def)
	case def != nil:
		listWidgets(api, n.values, def.Widgets())
	default:
		c.unknownWidgets(api, n)
	}
	for _, o := range n.overrides {
		if def == nil || hasWidget(def, o.name) {
			api.Set(Input{Name: o.name, Value: o.value})
		}
	}
}

func hasWidget(def *nodedef.Node, name string) bool {
	in, ok := def.Input(name)
	return ok && in.IsWidget()
}

func dictWidgets(api *Node, n *fnode, def *nodedef.Node) {
	for _, nv := range n.named {
		if def != nil && !hasWidget(def, nv.name) || def == nil && uiOnlyKeys[nv.name] {
			continue
		}
		if nv.value != nil {
			api.Set(Input{Name: nv.name, Value: nv.value})
		}
	}
}

func listWidgets(api *Node, vals []any, widgets []nodedef.Input) {
	i := 0
	for wi, w := range widgets {
		if i >= len(vals) {
			return
		}
		v := vals[i]
		i++
		if v != nil {
			api.Set(Input{Name: w.Name, Value: v})
		}
		var next *nodedef.Input
		if wi+1 < len(widgets) {
			next = &widgets[wi+1]
		}
		if i < len(vals) && skipCompanion(w, vals[i], next) {
			i++
		}
		if i < len(vals) && skipUpload(w, vals[i], next) {
			i++
		}
	}
}

// skipCompanion reports whether v is the control_after_generate value the
// frontend stores after w: a keyword, or a boolean in old files. Packs that
// omit the flag still get the companion on a seed INT, so a keyword after
// any INT is skipped unless the next widget would take it.
func skipCompanion(w nodedef.Input, v any, next *nodedef.Input) bool {
	if w.Type != nodedef.TypeInt {
		return false
	}
	if _, ok := v.(bool); ok {
		return w.HasControl()
	}
	s, ok := v.(string)
	if !ok || !controlWords[s] {
		return false
	}
	return w.HasControl() || next == nil || !accepts(*next, s)
}

// skipUpload reports whether v is the value of the upload button the
// frontend adds after a file widget (LoadImage's "image").
func skipUpload(w nodedef.Input, v any, next *nodedef.Input) bool {
	if w.Upload == "" {
		return false
	}
	s, ok := v.(string)
	if v != nil && (!ok || (s != w.Upload && s != "image")) {
		return false
	}
	return next == nil || v == nil || !accepts(*next, s)
}

// accepts reports whether widget w could hold the string s.
func accepts(w nodedef.Input, s string) bool {
	switch w.Type {
	case nodedef.TypeString:
		return true
	case nodedef.TypeCombo:
		return w.HasChoice(s)
	}
	return false
}

// unknownWidgets names the values of a class with no definition from the
// widget inputs newer frontends serialise; older files give no names.
func (c *converter) unknownWidgets(api *Node, n *fnode) {
	var names []string
	for _, in := range n.inputs {
		if in.widget != "" {
			names = append(names, in.widget)
		}
	}
	i := 0
	for _, name := range names {
		if i >= len(n.values) {
			break
		}
		if v := n.values[i]; v != nil {
			api.Set(Input{Name: name, Value: v})
		}
		i++
		if i < len(n.values) && strings.Contains(name, "seed") {
			if s, ok := n.values[i].(string); ok && controlWords[s] {
				i++
			}
		}
	}
	if dropped := len(n.values) - i; dropped > 0 && len(names) == 0 {
		c.warnf("node %s (%s): no definition for the class; %d widget values were not converted (pass --object-info)",
			n.id, n.typ, dropped)
	}
}

// fill gives unset widgets their defaults (step 7): the frontend creates a
// widget for every input a definition adds, so an older workflow's API gets
// the new inputs at their defaults.
func fill(api *Node, def *nodedef.Node) {
	if def == nil {
		return
	}
	for _, w := range def.Widgets() {
		if _, ok := api.Input(w.Name); ok {
			continue
		}
		switch {
		case w.Default != nil:
			api.Set(Input{Name: w.Name, Value: w.Default})
		case w.Type == nodedef.TypeCombo && len(w.Choices) > 0:
			api.Set(Input{Name: w.Name, Value: w.Choices[0]})
		}
	}
}
