package comfy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cogport/cogport/sources/comfy/internal/jsonx"
	"github.com/cogport/cogport/sources/comfy/nodedef"
)

// Prompt is a workflow in API format: what ComfyUI's /prompt endpoint runs.
type Prompt struct {
	// Nodes are kept in id order (numeric segments compare as numbers).
	Nodes []*Node
	index map[string]*Node
}

// Node is one API node.
type Node struct {
	ID    string
	Class string
	// Title is _meta.title: the author's title or the class's display name.
	Title string
	// AuthorTitle is the title only when an author gave it (a UI title, or
	// an API _meta.title other than the class's display name).
	AuthorTitle string
	Inputs      []Input
	// outputs are the output names a UI file gave, for classes with no
	// definition.
	outputs []string
	// uiLinked says the UI node's outputs were linked (perhaps only to
	// nodes that were dropped).
	uiLinked bool
}

// Input is one named input: a literal Value or a Link.
type Input struct {
	Name  string
	Value any
	Link  *Link
}

// Link points at output Slot of node Node.
type Link struct {
	Node string
	Slot int
}

// NewPrompt returns a prompt holding nodes, sorted by id.
func NewPrompt(nodes []*Node) *Prompt {
	p := &Prompt{Nodes: nodes, index: make(map[string]*Node, len(nodes))}
	slices.SortStableFunc(p.Nodes, func(a, b *Node) int { return CompareIDs(a.ID, b.ID) })
	for _, n := range nodes {
		p.index[n.ID] = n
	}
	return p
}

// Node returns the node with id, or nil.
func (p *Prompt) Node(id string) *Node { return p.index[id] }

// Input returns the input called name.
func (n *Node) Input(name string) (Input, bool) {
	for _, in := range n.Inputs {
		if in.Name == name {
			return in, true
		}
	}
	return Input{}, false
}

// Set replaces the input called in.Name in place, or appends it: a link
// replaces a widget's literal at the widget's position, as in the frontend.
func (n *Node) Set(in Input) {
	for i := range n.Inputs {
		if n.Inputs[i].Name == in.Name {
			n.Inputs[i] = in
			return
		}
	}
	n.Inputs = append(n.Inputs, in)
}

// CompareIDs orders node ids: "9" < "10" < "10:2" < "10:10" < "abc".
func CompareIDs(a, b string) int {
	as, bs := strings.Split(a, ":"), strings.Split(b, ":")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if c := compareSegment(as[i], bs[i]); c != 0 {
			return c
		}
	}
	return len(as) - len(bs)
}

func compareSegment(a, b string) int {
	ai, errA := strconv.ParseInt(a, 10, 64)
	bi, errB := strconv.ParseInt(b, 10, 64)
	switch {
	case errA == nil && errB == nil:
		return cmpInt(ai, bi)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// parseAPI reads an API prompt ({id: {class_type, inputs, _meta}}).
func parseAPI(fields []jsonx.Field) (*Prompt, error) {
	nodes := make([]*Node, 0, len(fields))
	for _, f := range fields {
		n, err := parseAPINode(f.Key, f.Value)
		if err != nil {
			return nil, fmt.Errorf("node %q: %w", f.Key, err)
		}
		nodes = append(nodes, n)
	}
	return NewPrompt(nodes), nil
}

type apiNode struct {
	ClassType string          `json:"class_type"`
	Inputs    json.RawMessage `json:"inputs"`
	Meta      struct {
		Title string `json:"title"`
	} `json:"_meta"`
}

func parseAPINode(id string, raw json.RawMessage) (*Node, error) {
	var an apiNode
	if err := jsonx.Unmarshal(raw, &an); err != nil {
		return nil, err
	}
	if an.ClassType == "" {
		return nil, fmt.Errorf("%w: no class_type", ErrUnknownFormat)
	}
	fields, err := jsonx.Object(an.Inputs)
	if err != nil {
		return nil, fmt.Errorf("inputs: %w", err)
	}
	n := &Node{ID: id, Class: an.ClassType, Title: an.Meta.Title}
	for _, f := range fields {
		v, err := jsonx.Value(f.Value)
		if err != nil {
			return nil, fmt.Errorf("input %q: %w", f.Key, err)
		}
		n.Inputs = append(n.Inputs, apiInput(f.Key, v))
	}
	return n, nil
}

// apiInput tells a link [id, slot] from a literal; lists are wrapped as
// {"__value__": [...]} precisely so that they cannot be mistaken for links.
func apiInput(name string, v any) Input {
	if arr, ok := v.([]any); ok && len(arr) == 2 {
		slot, okSlot := jsonx.Int(arr[1])
		if id, okID := idString(arr[0]); okID && okSlot {
			return Input{Name: name, Link: &Link{Node: id, Slot: int(slot)}}
		}
	}
	if m, ok := v.(map[string]any); ok && len(m) == 1 {
		if inner, ok := m["__value__"]; ok {
			return Input{Name: name, Value: inner}
		}
	}
	return Input{Name: name, Value: v}
}

func idString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case float64:
		if i, ok := jsonx.Int(x); ok {
			return strconv.FormatInt(i, 10), true
		}
	}
	return "", false
}

// MarshalJSON writes the API format, nodes in id order and inputs in
// their order; list values are wrapped in {"__value__": [...]}.
func (p *Prompt) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, n := range p.Nodes {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := writeNode(&b, n); err != nil {
			return nil, fmt.Errorf("node %q: %w", n.ID, err)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeNode(b *bytes.Buffer, n *Node) error {
	id, _ := json.Marshal(n.ID)
	b.Write(id)
	b.WriteString(`:{"inputs":{`)
	for i, in := range n.Inputs {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(in.Name)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(in.apiValue())
		if err != nil {
			return fmt.Errorf("input %q: %w", in.Name, err)
		}
		b.Write(v)
	}
	cls, _ := json.Marshal(n.Class)
	title, _ := json.Marshal(n.Title)
	fmt.Fprintf(b, `},"class_type":%s,"_meta":{"title":%s}}`, cls, title)
	return nil
}

func (in Input) apiValue() any {
	if in.Link != nil {
		return []any{in.Link.Node, in.Link.Slot}
	}
	if arr, ok := in.Value.([]any); ok {
		return map[string]any{"__value__": arr}
	}
	return in.Value
}

// OutputNodes returns the ids of the nodes that produce results: classes
// the definitions mark OUTPUT_NODE and, for classes with no definition,
// sinks: nothing consumes them (in a UI file, not even a node that was
// dropped), so they can only be there for their side effect.
func (p *Prompt) OutputNodes(defs *nodedef.Table) []string {
	consumed := map[string]bool{}
	for _, n := range p.Nodes {
		for _, in := range n.Inputs {
			if in.Link != nil {
				consumed[in.Link.Node] = true
			}
		}
	}
	var out []string
	for _, n := range p.Nodes {
		def := defs.Lookup(n.Class)
		sink := !consumed[n.ID] && !n.uiLinked
		if (def != nil && def.OutputNode) || (def == nil && sink) {
			out = append(out, n.ID)
		}
	}
	return out
}

// Live returns the nodes ComfyUI executes: the output nodes and everything
// they depend on. Without output nodes every node counts as live.
func (p *Prompt) Live(defs *nodedef.Table) map[string]bool {
	live := map[string]bool{}
	stack := p.OutputNodes(defs)
	if len(stack) == 0 {
		for _, n := range p.Nodes {
			live[n.ID] = true
		}
		return live
	}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if live[id] {
			continue
		}
		live[id] = true
		if n := p.Node(id); n != nil {
			for _, in := range n.Inputs {
				if in.Link != nil && !live[in.Link.Node] {
					stack = append(stack, in.Link.Node)
				}
			}
		}
	}
	return live
}
