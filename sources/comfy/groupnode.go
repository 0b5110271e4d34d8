package comfy

import (
	"fmt"
	"strconv"
)

// groupLinks indexes a group definition's internal links (those with a
// null origin came from outside and are not internal).
type groupLinks struct {
	to   map[[2]int][2]int // (node, input slot) → (origin node, origin slot)
	from map[[2]int]bool   // (node, output slot) linked inside the group
}

func indexGroupLinks(gd *groupDef) groupLinks {
	gl := groupLinks{to: map[[2]int][2]int{}, from: map[[2]int]bool{}}
	for _, l := range gd.links {
		if l.from == nil {
			continue
		}
		gl.to[[2]int{l.to, l.at}] = [2]int{*l.from, l.fromSlot}
		gl.from[[2]int{*l.from, l.fromSlot}] = true
	}
	return gl
}

// group expands a legacy group node instance the way ComfyUI_frontend's
// GroupNodeConfig lays one out: instance inputs are the inner inputs not
// linked inside the group (sockets node by node, then converted widgets),
// instance widgets are the inner widgets node by node, and instance
// outputs are the inner outputs not consumed inside (or marked external).
// Inner ids become "instance:index".
func (f *flattener) group(gd *groupDef, inst *uiNode, id string, feeds []feed) error {
	if len(f.stack) >= maxNesting {
		return fmt.Errorf("%w: group node %q nests too deep", ErrBadGraph, gd.name)
	}
	f.stack = append(f.stack, "group:"+gd.name)
	defer func() { f.stack = f.stack[:len(f.stack)-1] }()
	links := indexGroupLinks(gd)
	inputMap := f.groupInputs(gd, links)
	overrides := f.groupWidgets(gd, inst, id)
	for i, n := range gd.nodes {
		inner := make([]feed, len(n.inputs))
		for s := range n.inputs {
			if o, ok := links.to[[2]int{i, s}]; ok {
				inner[s] = feed{ep: &endpoint{id + ":" + strconv.Itoa(o[0]), o[1]}}
			} else if k, ok := inputMap[[2]int{i, s}]; ok && k < len(feeds) {
				inner[s] = feeds[k]
			}
		}
		if err := f.node(n, id+":"+strconv.Itoa(i), inner, overrides[i]); err != nil {
			return err
		}
	}
	f.groupOutputs(gd, links, id)
	return nil
}

// groupInputs maps (inner node, input slot) to the instance input index.
func (f *flattener) groupInputs(gd *groupDef, links groupLinks) map[[2]int]int {
	m := map[[2]int]int{}
	k := 0
	var converted [][2]int
	for i, n := range gd.nodes {
		if !f.groupContributes(gd, links, i) {
			continue
		}
		for s, in := range n.inputs {
			if _, internal := links.to[[2]int{i, s}]; internal || hiddenInput(gd, i, in.name) {
				continue
			}
			if in.widget != "" {
				converted = append(converted, [2]int{i, s})
				continue
			}
			m[[2]int{i, s}] = k
			k++
		}
	}
	for _, c := range converted {
		m[c] = k
		k++
	}
	return m
}

// groupContributes reports whether inner node i has slots on the instance:
// a Reroute used only inside does not, nor do virtual nodes.
func (f *flattener) groupContributes(gd *groupDef, links groupLinks, i int) bool {
	n := gd.nodes[i]
	switch n.typ {
	case "Reroute":
		_, in := links.to[[2]int{i, 0}]
		return !(in && links.from[[2]int{i, 0}] && !gd.external[[2]int{i, 0}])
	case "PrimitiveNode", "Note", "MarkdownNote":
		return false
	}
	return f.defs.Lookup(n.typ) != nil
}

func hiddenInput(gd *groupDef, i int, name string) bool {
	c, ok := gd.config[i].Input[name]
	return ok && c.Visible != nil && !*c.Visible
}

// groupWidgets spreads the instance's widgets_values over the inner nodes
// as overrides by widget name. A count that does not match the layout
// means the definition changed: the inner nodes keep their own values.
func (f *flattener) groupWidgets(gd *groupDef, inst *uiNode, id string) map[int][]namedValue {
	type slot struct {
		node   int
		name   string
		extras int
	}
	var layout []slot
	total := 0
	for i, n := range gd.nodes {
		for _, w := range f.innerWidgets(n) {
			layout = append(layout, slot{i, w.name, w.extras})
			total += 1 + w.extras
		}
	}
	out := map[int][]namedValue{}
	if len(inst.values) == 0 {
		return out
	}
	if len(inst.values) != total {
		f.warnf("group node %s (%s): %d widget values where the inner nodes have %d; the inner nodes' own values are used",
			id, gd.name, len(inst.values), total)
		return out
	}
	k := 0
	for _, s := range layout {
		out[s.node] = append(out[s.node], namedValue{s.name, inst.values[k]})
		k += 1 + s.extras
	}
	return out
}

type innerWidget struct {
	name   string
	extras int // companion slots after the value (control, upload)
}

// innerWidgets lists the widgets an inner node shows on the instance: its
// unconverted widgets, each with its companions; a PrimitiveNode shows its
// value and control.
func (f *flattener) innerWidgets(n *uiNode) []innerWidget {
	if n.typ == "PrimitiveNode" {
		return []innerWidget{{"value", 1}}
	}
	def := f.defs.Lookup(n.typ)
	if def == nil {
		return nil
	}
	converted := map[string]bool{}
	for _, in := range n.inputs {
		if in.widget != "" {
			converted[in.widget] = true
		}
	}
	var out []innerWidget
	for _, w := range def.Widgets() {
		if converted[w.Name] {
			continue
		}
		iw := innerWidget{name: w.Name}
		if w.HasControl() {
			iw.extras++
		}
		if w.Upload != "" {
			iw.extras++
		}
		out = append(out, iw)
	}
	return out
}

// groupOutputs aliases instance output k to the k-th inner output that is
// not consumed inside the group (or is marked external).
func (f *flattener) groupOutputs(gd *groupDef, links groupLinks, id string) {
	k := 0
	for i, n := range gd.nodes {
		if !f.groupContributes(gd, links, i) && n.typ != "PrimitiveNode" {
			continue
		}
		for o := range f.innerOutputCount(n) {
			hidden := links.from[[2]int{i, o}] && !gd.external[[2]int{i, o}]
			if c, ok := gd.config[i].Output[strconv.Itoa(o)]; ok && c.Visible != nil {
				hidden = !*c.Visible
			}
			if hidden {
				continue
			}
			f.alias[endpoint{id, k}] = feed{ep: &endpoint{id + ":" + strconv.Itoa(i), o}}
			k++
		}
	}
}

func (f *flattener) innerOutputCount(n *uiNode) int {
	if def := f.defs.Lookup(n.typ); def != nil {
		return len(def.Outputs)
	}
	return len(n.outputs)
}

func (f *flattener) warnf(format string, args ...any) {
	f.warnings = append(f.warnings, fmt.Sprintf(format, args...))
}
