package comfy

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/cogport/cogport/sources/comfy/internal/jsonx"
)

type uiExtra struct {
	GroupNodes map[string]json.RawMessage `json:"groupNodes"`
}

type uiDefinitions struct {
	Subgraphs []json.RawMessage `json:"subgraphs"`
}

// parseUI reads a UI workflow from its top-level members: nodes, links,
// subgraph definitions and legacy group node definitions.
func parseUI(fields []jsonx.Field) (*uiFile, error) {
	f := &uiFile{subgraphs: map[string]*uiSubgraph{}, groupNodes: map[string]*groupDef{}}
	var nodes []rawUINode
	var links json.RawMessage
	var extra uiExtra
	var defs uiDefinitions
	for _, fl := range fields {
		var err error
		switch fl.Key {
		case "nodes":
			err = json.Unmarshal(fl.Value, &nodes)
		case "links":
			links = fl.Value
		case "extra":
			_ = json.Unmarshal(fl.Value, &extra) // frontend state; only groupNodes matter
		case "definitions":
			err = json.Unmarshal(fl.Value, &defs)
		case "models":
			_ = json.Unmarshal(fl.Value, &f.models) // optional download hints
		}
		if err != nil {
			return nil, fmt.Errorf("ui workflow %s: %w", fl.Key, err)
		}
	}
	g, err := parseScope(nodes, links)
	if err != nil {
		return nil, err
	}
	f.uiGraph = *g
	return f, f.parseDefinitions(defs, extra)
}

func (f *uiFile) parseDefinitions(defs uiDefinitions, extra uiExtra) error {
	for i, raw := range defs.Subgraphs {
		sg, err := parseSubgraph(raw)
		if err != nil {
			return fmt.Errorf("definitions.subgraphs[%d]: %w", i, err)
		}
		f.subgraphs[sg.id] = sg
	}
	for name, raw := range extra.GroupNodes {
		gd, err := parseGroupDef(name, raw)
		if err != nil {
			return fmt.Errorf("extra.groupNodes[%q]: %w", name, err)
		}
		f.groupNodes[name] = gd
	}
	return nil
}

func parseScope(rawNodes []rawUINode, rawLinks json.RawMessage) (*uiGraph, error) {
	g := &uiGraph{links: map[int]uiLink{}}
	for i, r := range rawNodes {
		n, err := uiNodeFrom(r)
		if err != nil {
			return nil, fmt.Errorf("nodes[%d]: %w", i, err)
		}
		g.nodes = append(g.nodes, n)
	}
	if len(rawLinks) > 0 && string(rawLinks) != "null" {
		links, err := parseLinks(rawLinks)
		if err != nil {
			return nil, err
		}
		g.links = links
	}
	return g, nil
}

type rawSubgraph struct {
	ID      string          `json:"id"`
	Name    string          `json:"name"`
	Inputs  []subgraphIO    `json:"inputs"`
	Outputs []subgraphIO    `json:"outputs"`
	Nodes   []rawUINode     `json:"nodes"`
	Links   json.RawMessage `json:"links"`
}

func parseSubgraph(raw json.RawMessage) (*uiSubgraph, error) {
	var r rawSubgraph
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, err
	}
	if r.ID == "" {
		return nil, fmt.Errorf("subgraph without an id")
	}
	g, err := parseScope(r.Nodes, r.Links)
	if err != nil {
		return nil, fmt.Errorf("subgraph %q: %w", r.ID, err)
	}
	return &uiSubgraph{uiGraph: *g, id: r.ID, name: r.Name, inputs: r.Inputs, outputs: r.Outputs}, nil
}

// groupDef is a legacy group node (extra.groupNodes): inner nodes are
// addressed by their index, links are [from, from_slot, to, to_slot, ...]
// with a null origin for links that came from outside the group.
type groupDef struct {
	name     string
	nodes    []*uiNode
	links    []groupLink
	external map[[2]int]bool // (node index, output slot) linked outside
	config   map[int]groupNodeConfig
}

type groupLink struct {
	from             *int
	fromSlot, to, at int
}

type groupNodeConfig struct {
	Input map[string]struct {
		Name    string `json:"name"`
		Visible *bool  `json:"visible"`
	} `json:"input"`
	Output map[string]struct {
		Name    string `json:"name"`
		Visible *bool  `json:"visible"`
	} `json:"output"`
}

type rawGroupDef struct {
	Nodes    []rawUINode                `json:"nodes"`
	Links    [][]any                    `json:"links"`
	External [][]any                    `json:"external"`
	Config   map[string]groupNodeConfig `json:"config"`
}

func parseGroupDef(name string, raw json.RawMessage) (*groupDef, error) {
	var r rawGroupDef
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, err
	}
	gd := &groupDef{name: name, external: map[[2]int]bool{}, config: map[int]groupNodeConfig{}}
	for i, rn := range r.Nodes {
		rn.ID = float64(i) // inner nodes are addressed by index
		n, err := uiNodeFrom(rn)
		if err != nil {
			return nil, fmt.Errorf("nodes[%d]: %w", i, err)
		}
		gd.nodes = append(gd.nodes, n)
	}
	for i, l := range r.Links {
		gl, err := parseGroupLink(l, len(gd.nodes))
		if err != nil {
			return nil, fmt.Errorf("%w: links[%d]: %v", ErrBadLink, i, err)
		}
		gd.links = append(gd.links, gl)
	}
	for _, e := range r.External {
		if len(e) >= 2 {
			n, ok1 := jsonx.Int(e[0])
			s, ok2 := jsonx.Int(e[1])
			if ok1 && ok2 {
				gd.external[[2]int{int(n), int(s)}] = true
			}
		}
	}
	for k, c := range r.Config {
		if i, err := strconv.Atoi(k); err == nil {
			gd.config[i] = c
		}
	}
	return gd, nil
}

func parseGroupLink(l []any, count int) (groupLink, error) {
	if len(l) < 4 {
		return groupLink{}, fmt.Errorf("%d fields, want at least 4", len(l))
	}
	var gl groupLink
	if l[0] != nil {
		from, ok := jsonx.Int(l[0])
		if !ok || from < 0 || int(from) >= count {
			return gl, fmt.Errorf("origin %v is not a node of the group", l[0])
		}
		f := int(from)
		gl.from = &f
	}
	fs, ok1 := jsonx.Int(l[1])
	to, ok2 := jsonx.Int(l[2])
	at, ok3 := jsonx.Int(l[3])
	if !ok1 || !ok2 || !ok3 || to < 0 || int(to) >= count {
		return gl, fmt.Errorf("malformed link %v", l)
	}
	gl.fromSlot, gl.to, gl.at = int(fs), int(to), int(at)
	return gl, nil
}
