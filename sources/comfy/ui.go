package comfy

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"

	"github.com/cogport/cogport/sources/comfy/internal/jsonx"
)

// Node modes (litegraph LGraphEventMode).
const (
	modeMuted  = 2 // NEVER: dropped with everything only it feeds
	modeBypass = 4 // re-wired to the same-type input
)

// uiGraph is one scope of a UI workflow: the top level or a subgraph
// definition.
type uiGraph struct {
	nodes []*uiNode
	links map[int]uiLink
}

// uiFile is a whole UI workflow.
type uiFile struct {
	uiGraph
	subgraphs  map[string]*uiSubgraph
	groupNodes map[string]*groupDef
	models     []ModelLink
}

// uiSubgraph is one entry of definitions.subgraphs.
type uiSubgraph struct {
	uiGraph
	id, name string
	inputs   []subgraphIO
	outputs  []subgraphIO
}

type subgraphIO struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Type  string `json:"type"`
}

type uiNode struct {
	id      string
	typ     string
	mode    int
	title   string
	inputs  []uiInput
	outputs []uiOutput
	props   NodeProps
	values  []any        // widgets_values as a list
	named   []namedValue // widgets_values as an object (VHS)
	isDict  bool
}

type namedValue struct {
	name  string
	value any
}

type uiInput struct {
	name, typ, widget, label string
	link                     *int
}

type uiOutput struct {
	name, typ, widget string
	links             []int
}

type uiLink struct {
	id, originSlot, targetSlot int
	origin, target             string
	typ                        string
}

// NodeProps are the UI node properties cogport reads.
type NodeProps struct {
	CNRID  string
	AuxID  string
	Ver    string
	Models []ModelLink
	// Proxy lists a subgraph instance's promoted widgets: [inner id, name].
	Proxy [][2]string
}

// ModelLink is a model a UI workflow says where to download.
type ModelLink struct {
	Name      string `json:"name"`
	URL       string `json:"url"`
	Directory string `json:"directory"`
}

type rawUINode struct {
	ID      any             `json:"id"`
	Type    string          `json:"type"`
	Mode    int             `json:"mode"`
	Title   string          `json:"title"`
	Inputs  []rawSlot       `json:"inputs"`
	Outputs []rawSlot       `json:"outputs"`
	Props   json.RawMessage `json:"properties"`
	Values  json.RawMessage `json:"widgets_values"`
}

type rawSlot struct {
	Name   string `json:"name"`
	Label  string `json:"label"`
	Type   any    `json:"type"`
	Link   *int   `json:"link"`
	Links  []int  `json:"links"`
	Widget *struct {
		Name string `json:"name"`
	} `json:"widget"`
}

// uiNodeFrom reads a decoded node. Nodes are decoded without UseNumber
// (ids, slots and modes are small integers); widgets_values, where seeds
// need every digit, stays raw until parseValues.
func uiNodeFrom(r rawUINode) (*uiNode, error) {
	id, ok := idString(r.ID)
	if !ok || id == "" {
		return nil, fmt.Errorf("node id %v is not a number or string", r.ID)
	}
	n := &uiNode{id: id, typ: r.Type, mode: r.Mode, title: r.Title}
	for _, s := range r.Inputs {
		in := uiInput{name: s.Name, typ: typeString(s.Type), label: s.Label, link: s.Link}
		if s.Widget != nil {
			in.widget = s.Widget.Name
		}
		n.inputs = append(n.inputs, in)
	}
	for _, s := range r.Outputs {
		out := uiOutput{name: s.Name, typ: typeString(s.Type), links: s.Links}
		if s.Widget != nil {
			out.widget = s.Widget.Name
		}
		n.outputs = append(n.outputs, out)
	}
	if err := parseValues(n, r.Values); err != nil {
		return nil, fmt.Errorf("node %s widgets_values: %w", id, err)
	}
	n.props = parseProps(r.Props)
	return n, nil
}

// typeString reads a slot type: a string, or a number (litegraph's -1 for
// events), or a list of types.
func typeString(t any) string {
	if s, ok := t.(string); ok {
		return s
	}
	return ""
}

func parseValues(n *uiNode, raw json.RawMessage) error {
	v, err := decodeValues(raw)
	if err != nil {
		return err
	}
	switch x := v.(type) {
	case []any:
		n.values = x
	case map[string]any:
		fields, err := jsonx.Object(raw)
		if err != nil {
			return err
		}
		n.isDict = true
		for _, f := range fields {
			fv, _ := jsonx.Value(f.Value)
			n.named = append(n.named, namedValue{f.Key, fv})
		}
	}
	return nil
}

// rawProps is decoded without UseNumber: nothing here is a seed.
type rawProps struct {
	CNRID  any         `json:"cnr_id"`
	AuxID  any         `json:"aux_id"`
	Ver    any         `json:"ver"`
	Models []ModelLink `json:"models"`
	Proxy  [][]any     `json:"proxyWidgets"`
}

// parseProps reads properties leniently: packs store anything there.
func parseProps(raw json.RawMessage) NodeProps {
	var r rawProps
	if len(raw) == 0 || json.Unmarshal(raw, &r) != nil {
		var loose struct {
			CNRID any `json:"cnr_id"`
			AuxID any `json:"aux_id"`
			Ver   any `json:"ver"`
		}
		_ = json.Unmarshal(raw, &loose)
		r = rawProps{CNRID: loose.CNRID, AuxID: loose.AuxID, Ver: loose.Ver}
	}
	p := NodeProps{CNRID: scalar(r.CNRID), AuxID: scalar(r.AuxID), Ver: scalar(r.Ver), Models: r.Models}
	for _, pw := range r.Proxy {
		if len(pw) == 2 {
			p.Proxy = append(p.Proxy, [2]string{scalar(pw[0]), scalar(pw[1])})
		}
	}
	return p
}

func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

// parseLinks reads links written as arrays [id, origin, origin_slot,
// target, target_slot, type] or as objects (subgraphs, schema version 1);
// null entries are skipped.
func parseLinks(raw json.RawMessage) (map[int]uiLink, error) {
	var arrays [][]any
	var objects []*linkObject
	if err := json.Unmarshal(raw, &arrays); err != nil {
		if err := json.Unmarshal(raw, &objects); err != nil {
			return nil, fmt.Errorf("%w: links are neither arrays nor objects: %v", ErrBadLink, err)
		}
	}
	out := make(map[int]uiLink, len(arrays)+len(objects))
	for i, arr := range arrays {
		if arr == nil {
			continue
		}
		if len(arr) < 5 {
			return nil, fmt.Errorf("%w: links[%d] has %d fields, want 6", ErrBadLink, i, len(arr))
		}
		lo := &linkObject{arr[0], arr[1], arr[2], arr[3], arr[4], nil}
		if len(arr) > 5 {
			lo.Type = arr[5]
		}
		objects = append(objects, lo)
	}
	for i, lo := range objects {
		if lo == nil {
			continue
		}
		l, err := lo.link()
		if err != nil {
			return nil, fmt.Errorf("%w: links[%d]: %v", ErrBadLink, i, err)
		}
		out[l.id] = l
	}
	return out, nil
}

type linkObject struct {
	ID         any `json:"id"`
	Origin     any `json:"origin_id"`
	OriginSlot any `json:"origin_slot"`
	Target     any `json:"target_id"`
	TargetSlot any `json:"target_slot"`
	Type       any `json:"type"`
}

func (lo *linkObject) link() (uiLink, error) {
	id, ok1 := jsonx.Int(lo.ID)
	os, ok2 := jsonx.Int(lo.OriginSlot)
	ts, ok3 := jsonx.Int(lo.TargetSlot)
	origin, ok4 := idString(lo.Origin)
	target, ok5 := idString(lo.Target)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
		return uiLink{}, fmt.Errorf("malformed link %v", *lo)
	}
	return uiLink{id: int(id), origin: origin, originSlot: int(os), target: target, targetSlot: int(ts),
		typ: typeString(lo.Type)}, nil
}

// longNumber finds a digit run float64 cannot hold exactly (seeds).
var longNumber = regexp.MustCompile(`[0-9]{16}`)

// decodeValues decodes widgets_values; json.Number is only needed (and
// only paid for) when a number has more digits than a float64 keeps.
func decodeValues(raw json.RawMessage) (any, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	if longNumber.Match(raw) {
		return jsonx.Value(raw)
	}
	var v any
	err := json.Unmarshal(raw, &v)
	return v, err
}
