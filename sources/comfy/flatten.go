package comfy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cogport/cogport/sources/comfy/nodedef"
)

// Subgraph boundary node ids (litegraph SUBGRAPH_INPUT_ID, SUBGRAPH_OUTPUT_ID).
const (
	subgraphInputID  = "-10"
	subgraphOutputID = "-20"
	maxNesting       = 32
)

// fnode is a UI node after subgraphs and group nodes were expanded: its id
// is a path ("83:27") and its inputs point at what feeds them.
type fnode struct {
	id, typ, title string
	mode           int
	inputs         []finput
	outputs        []uiOutput
	values         []any
	named          []namedValue
	isDict         bool
	// overrides are promoted widget values set on a subgraph instance.
	overrides []namedValue
	props     NodeProps
}

type finput struct {
	name, widget, typ string
	feed              feed
}

// key is the input's API name: a converted widget's name, else its name.
func (in finput) key() string {
	if in.widget != "" {
		return in.widget
	}
	return in.name
}

// feed is what reaches an input: a node output, a literal, or nothing.
type feed struct {
	ep  *endpoint
	lit *literal
}

type endpoint struct {
	node string
	slot int
}

type literal struct{ value any }

// Declared is an input a workflow declares itself: a subgraph input (named
// by its author) or a widget promoted onto a subgraph instance.
type Declared struct {
	// Name is the author's name; empty for a promoted widget.
	Name    string
	Targets []Target
}

// Target is an input of an API node.
type Target struct {
	Node, Input string
}

// flattener expands a UI file into fnodes.
type flattener struct {
	file     *uiFile
	defs     *nodedef.Table
	nodes    []*fnode
	byID     map[string]*fnode
	alias    map[endpoint]feed
	declared []Declared
	warnings []string
	stack    []string
}

func flatten(file *uiFile, defs *nodedef.Table) (*flattener, error) {
	f := &flattener{file: file, defs: defs, byID: map[string]*fnode{}, alias: map[endpoint]feed{}}
	if err := f.scope(&file.uiGraph, "", nil, nil); err != nil {
		return nil, err
	}
	return f, nil
}

// scope adds the nodes of one graph. outer feeds the subgraph's input
// boundary (-10); overrides hold promoted widget values by local node id.
func (f *flattener) scope(g *uiGraph, prefix string, outer []feed, overrides map[string][]namedValue) error {
	ids := make(map[string]bool, len(g.nodes))
	for _, n := range g.nodes {
		if ids[n.id] {
			return fmt.Errorf("%w: node id %s%s is used twice", ErrBadGraph, prefix, n.id)
		}
		ids[n.id] = true
	}
	for _, n := range g.nodes {
		feeds, err := f.feeds(g, n, prefix, outer, ids)
		if err != nil {
			return err
		}
		if err := f.node(n, prefix+n.id, feeds, overrides[n.id]); err != nil {
			return err
		}
	}
	return nil
}

// feeds resolves a node's input links within its scope.
func (f *flattener) feeds(g *uiGraph, n *uiNode, prefix string, outer []feed, ids map[string]bool) ([]feed, error) {
	feeds := make([]feed, len(n.inputs))
	for i, in := range n.inputs {
		if in.link == nil {
			continue
		}
		l, ok := g.links[*in.link]
		switch {
		case !ok:
			return nil, fmt.Errorf("%w: node %s%s input %q uses link %d, which is not in the links table",
				ErrBadLink, prefix, n.id, in.name, *in.link)
		case l.origin == subgraphInputID:
			if l.originSlot >= 0 && l.originSlot < len(outer) {
				feeds[i] = outer[l.originSlot]
			}
		case !ids[l.origin]:
			return nil, fmt.Errorf("%w: link %d into node %s%s input %q comes from node %s, which does not exist",
				ErrBadLink, l.id, prefix, n.id, in.name, l.origin)
		default:
			feeds[i] = feed{ep: &endpoint{prefix + l.origin, l.originSlot}}
		}
	}
	return feeds, nil
}

// node adds n, expanding it when it is a subgraph or group node instance.
// A muted or bypassed instance stays whole: the frontend mutes it, or
// passes its inputs through, as one node.
func (f *flattener) node(n *uiNode, id string, feeds []feed, overrides []namedValue) error {
	active := n.mode != modeMuted && n.mode != modeBypass
	if sg, ok := f.file.subgraphs[n.typ]; ok && active {
		return f.subgraph(sg, n, id, feeds)
	}
	if gd := f.groupDef(n.typ); gd != nil && active {
		return f.group(gd, n, id, feeds)
	}
	fn := &fnode{id: id, typ: n.typ, title: n.title, mode: n.mode, outputs: n.outputs, values: n.values,
		named: n.named, isDict: n.isDict, overrides: overrides, props: n.props}
	for i, in := range n.inputs {
		fn.inputs = append(fn.inputs, finput{name: in.name, widget: in.widget, typ: in.typ, feed: feeds[i]})
	}
	f.nodes = append(f.nodes, fn)
	f.byID[id] = fn
	return nil
}

// subgraph expands an instance: inner ids become "instance:inner", the
// input boundary is fed by the instance's inputs and promoted widgets, and
// the instance's outputs alias what reaches the output boundary.
func (f *flattener) subgraph(sg *uiSubgraph, inst *uiNode, id string, feeds []feed) error {
	if slices.Contains(f.stack, sg.id) || len(f.stack) >= maxNesting {
		return fmt.Errorf("%w: subgraph %q contains itself", ErrBadGraph, sg.id)
	}
	f.stack = append(f.stack, sg.id)
	defer func() { f.stack = f.stack[:len(f.stack)-1] }()
	outer := make([]feed, len(sg.inputs))
	copy(outer, feeds)
	overrides := f.promote(sg, inst, outer)
	prefix := id + ":"
	if err := f.scope(&sg.uiGraph, prefix, outer, overrides); err != nil {
		return err
	}
	for _, l := range sg.links {
		if l.target != subgraphOutputID {
			continue
		}
		if l.origin == subgraphInputID {
			if l.originSlot >= 0 && l.originSlot < len(outer) {
				f.alias[endpoint{id, l.targetSlot}] = outer[l.originSlot]
			}
			continue
		}
		f.alias[endpoint{id, l.targetSlot}] = feed{ep: &endpoint{prefix + l.origin, l.originSlot}}
	}
	f.declare(sg, inst, prefix)
	return nil
}

// promote applies an instance's widget values. With proxyWidgets, value k
// belongs to proxyWidgets[k] ([inner id, widget], "-1" for a subgraph
// input); without, values follow the instance inputs that carry a widget.
func (f *flattener) promote(sg *uiSubgraph, inst *uiNode, outer []feed) map[string][]namedValue {
	overrides := map[string][]namedValue{}
	if len(inst.props.Proxy) > 0 {
		for k, pw := range inst.props.Proxy {
			if k >= len(inst.values) || pw[1] == "control_after_generate" {
				continue
			}
			if pw[0] != "-1" {
				overrides[pw[0]] = append(overrides[pw[0]], namedValue{pw[1], inst.values[k]})
				continue
			}
			if slot := sg.inputIndex(pw[1]); slot >= 0 && outer[slot].ep == nil {
				outer[slot] = feed{lit: &literal{inst.values[k]}}
			}
		}
		return overrides
	}
	k := 0
	for i, in := range inst.inputs {
		if in.widget == "" || i >= len(outer) {
			continue
		}
		if k < len(inst.values) && outer[i].ep == nil {
			outer[i] = feed{lit: &literal{inst.values[k]}}
		}
		k++
	}
	return overrides
}

func (sg *uiSubgraph) inputIndex(name string) int {
	for i, in := range sg.inputs {
		if in.Name == name {
			return i
		}
	}
	return -1
}

// declare records the subgraph's own API: its named value inputs, with the
// inner inputs each one feeds, and the widgets promoted onto the instance.
func (f *flattener) declare(sg *uiSubgraph, inst *uiNode, prefix string) {
	for slot, in := range sg.inputs {
		if !(nodedef.Input{Type: in.Type}).IsWidget() {
			continue // a socket (MODEL, IMAGE): not a value a caller gives
		}
		d := Declared{Name: in.Name}
		if in.Label != "" {
			d.Name = in.Label
		}
		for _, l := range sg.links {
			if l.origin != subgraphInputID || l.originSlot != slot {
				continue
			}
			if t, ok := f.inputTarget(prefix+l.target, l.targetSlot); ok {
				d.Targets = append(d.Targets, t)
			}
		}
		if len(d.Targets) > 0 {
			f.declared = append(f.declared, d)
		}
	}
	for _, pw := range inst.props.Proxy {
		if pw[0] != "-1" && pw[1] != "control_after_generate" {
			f.declared = append(f.declared, Declared{Targets: []Target{{prefix + pw[0], pw[1]}}})
		}
	}
}

func (f *flattener) inputTarget(node string, slot int) (Target, bool) {
	n := f.byID[node]
	if n == nil || slot < 0 || slot >= len(n.inputs) {
		return Target{}, false
	}
	return Target{node, n.inputs[slot].key()}, true
}

// groupDef finds the legacy group node definition a type names
// ("workflow>Name", or "workflow/Name" before frontend 1.2.63).
func (f *flattener) groupDef(typ string) *groupDef {
	for _, sep := range []string{">", "/"} {
		if name, ok := strings.CutPrefix(typ, "workflow"+sep); ok {
			if gd := f.file.groupNodes[name]; gd != nil {
				return gd
			}
		}
	}
	return nil
}
