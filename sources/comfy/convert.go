package comfy

import (
	"fmt"
	"slices"

	"github.com/cogport/cogport/sources/comfy/nodedef"
)

// virtualTypes are frontend-only nodes: they never reach the API. Reroutes
// and KJNodes' Get/Set pass a link through; a PrimitiveNode is inlined.
var virtualTypes = map[string]bool{
	"Note": true, "MarkdownNote": true, "PrimitiveNode": true, "Reroute": true,
	"GetNode": true, "SetNode": true, "Reroute (rgthree)": true, "Label (rgthree)": true,
	"Fast Groups Bypasser (rgthree)": true, "Fast Groups Muter (rgthree)": true,
	"Fast Bypasser (rgthree)": true, "Fast Muter (rgthree)": true, "Bookmark (rgthree)": true,
}

// passThrough are virtual nodes whose output is their first input.
var passThrough = map[string]bool{"Reroute": true, "Reroute (rgthree)": true, "SetNode": true}

// Shared is one value a UI widget node (a PrimitiveNode) fed to several
// inputs: one predict() input should set them all.
type Shared struct {
	// Source is the PrimitiveNode's id and Title its title.
	Source, Title string
	Targets       []Target
}

type converter struct {
	fl       *flattener
	defs     *nodedef.Table
	shared   map[string]*Shared
	setNodes map[string]*fnode
	warnings []string
	unknown  map[string][]string
}

// resolved is what finally reaches an input after virtual nodes.
type resolved struct {
	ep        *endpoint
	lit       *literal
	primitive *fnode
}

// convert turns the flattened UI graph into an API prompt (frontend
// graphToPrompt): virtual and muted nodes are dropped, links are followed
// through bypassed nodes, reroutes, Get/Set pairs and boundaries, widgets
// are named and links win over them.
func convert(fl *flattener, defs *nodedef.Table) (*converter, *Prompt) {
	c := &converter{fl: fl, defs: defs, shared: map[string]*Shared{}, unknown: map[string][]string{}}
	var nodes []*Node
	for _, n := range fl.nodes {
		if virtualTypes[n.typ] || n.mode == modeMuted || n.mode == modeBypass {
			continue
		}
		nodes = append(nodes, c.node(n))
	}
	return c, NewPrompt(nodes)
}

func (c *converter) node(n *fnode) *Node {
	def := c.defs.Lookup(n.typ)
	api := &Node{ID: n.id, Class: n.typ, Title: n.title}
	switch n.title {
	case "":
		api.Title = displayName(def, n.typ)
	case n.typ, displayName(def, n.typ): // a frontend that writes the default title
	default:
		api.AuthorTitle = n.title
	}
	if def == nil {
		c.unknown[n.typ] = append(c.unknown[n.typ], n.id)
		for _, o := range n.outputs {
			api.outputs = append(api.outputs, o.name)
			api.uiLinked = api.uiLinked || len(o.links) > 0
		}
	}
	c.widgets(api, n, def)
	for _, in := range n.inputs {
		c.link(api, n, in)
	}
	fill(api, def)
	c.dynamicPrompts(api, def)
	return api
}

func displayName(def *nodedef.Node, class string) string {
	if def != nil && def.DisplayName != "" {
		return def.DisplayName
	}
	return class
}

// link sets a linked input: a link to a real node, or the literal a
// PrimitiveNode (or a promoted subgraph widget) holds. A link that leads
// nowhere (a muted node) leaves the widget's own value.
func (c *converter) link(api *Node, n *fnode, in finput) {
	if in.feed.ep == nil && in.feed.lit == nil {
		return
	}
	r := c.resolve(in.feed, 0)
	switch {
	case r.lit != nil:
		api.Set(Input{Name: in.key(), Value: r.lit.value})
		if r.primitive != nil {
			c.share(r.primitive, Target{n.id, in.key()})
		}
	case r.ep != nil:
		api.Set(Input{Name: in.key(), Link: &Link{r.ep.node, r.ep.slot}})
	}
}

func (c *converter) share(p *fnode, t Target) {
	s := c.shared[p.id]
	if s == nil {
		s = &Shared{Source: p.id, Title: p.title}
		c.shared[p.id] = s
	}
	s.Targets = append(s.Targets, t)
}

// resolve follows a feed through aliases and virtual nodes.
func (c *converter) resolve(fd feed, depth int) resolved {
	if depth > len(c.fl.nodes)+len(c.fl.alias)+1 {
		c.warnf("a loop of reroutes or bypassed nodes leads nowhere")
		return resolved{}
	}
	if fd.lit != nil {
		return resolved{lit: fd.lit}
	}
	if fd.ep == nil {
		return resolved{}
	}
	if a, ok := c.fl.alias[*fd.ep]; ok {
		return c.resolve(a, depth+1)
	}
	n := c.fl.byID[fd.ep.node]
	switch {
	case n == nil || n.mode == modeMuted:
		return resolved{}
	case n.mode == modeBypass:
		if i := bypassInput(n, fd.ep.slot, c.defs.Lookup(n.typ)); i >= 0 {
			return c.resolve(n.inputs[i].feed, depth+1)
		}
		return resolved{}
	case passThrough[n.typ]:
		if len(n.inputs) == 0 {
			return resolved{}
		}
		return c.resolve(n.inputs[0].feed, depth+1)
	case n.typ == "GetNode":
		return c.resolveGet(n, depth)
	case n.typ == "PrimitiveNode":
		if v, ok := primitiveValue(n); ok {
			return resolved{lit: &literal{v}, primitive: n}
		}
		return resolved{}
	case virtualTypes[n.typ]:
		return resolved{}
	}
	return resolved{ep: fd.ep}
}

func primitiveValue(n *fnode) (any, bool) {
	for _, o := range n.overrides {
		if o.name == "value" {
			return o.value, o.value != nil
		}
	}
	if len(n.values) == 0 || n.values[0] == nil {
		return nil, false
	}
	return n.values[0], true
}

// resolveGet follows a KJNodes GetNode to the SetNode of the same name.
func (c *converter) resolveGet(n *fnode, depth int) resolved {
	if c.setNodes == nil {
		c.setNodes = map[string]*fnode{}
		for _, s := range c.fl.nodes {
			if s.typ == "SetNode" && len(s.values) > 0 {
				if name, ok := s.values[0].(string); ok {
					c.setNodes[name] = s
				}
			}
		}
	}
	name, _ := firstString(n.values)
	set := c.setNodes[name]
	if set == nil || len(set.inputs) == 0 {
		c.warnf("node %s (GetNode): no SetNode named %q", n.id, name)
		return resolved{}
	}
	return c.resolve(set.inputs[0].feed, depth+1)
}

func firstString(vals []any) (string, bool) {
	if len(vals) == 0 {
		return "", false
	}
	s, ok := vals[0].(string)
	return s, ok
}

// bypassInput picks the input a bypassed node passes to output slot: the
// input at the same index when its type matches, else the first input of
// the output's type (frontend ExecutableNodeDTO #getBypassSlotIndex).
func bypassInput(n *fnode, slot int, def *nodedef.Node) int {
	typ := ""
	if slot >= 0 && slot < len(n.outputs) {
		typ = n.outputs[slot].typ
	}
	if typ == "" && def != nil {
		typ = def.OutputType(slot)
	}
	if typ == "" || typ == "*" { // any type: the same slot, else the first
		switch {
		case slot >= 0 && slot < len(n.inputs):
			return slot
		case len(n.inputs) > 0:
			return 0
		}
		return -1
	}
	if slot >= 0 && slot < len(n.inputs) && typesMatch(n.inputs[slot].typ, typ) {
		return slot
	}
	return slices.IndexFunc(n.inputs, func(in finput) bool { return in.typ == typ })
}

func typesMatch(a, b string) bool { return a == b || a == "*" || b == "*" }

// dynamicPrompts resolves {a|b} in prompt widgets (step 6).
func (c *converter) dynamicPrompts(api *Node, def *nodedef.Node) {
	if def == nil {
		return
	}
	for i, in := range api.Inputs {
		w, ok := def.Input(in.Name)
		s, isStr := in.Value.(string)
		if !ok || !w.DynamicPrompts || !isStr || in.Link != nil {
			continue
		}
		if r, changed := resolveDynamicPrompt(s); changed {
			api.Inputs[i].Value = r
			c.warnf("node %s input %s: dynamic prompt resolved to its first options", api.ID, in.Name)
		}
	}
}

func (c *converter) warnf(format string, args ...any) {
	c.warnings = append(c.warnings, fmt.Sprintf(format, args...))
}
