// Package comfy is cogport's ComfyUI source adapter. It reads a workflow
// in either of ComfyUI's formats, converts UI files to the API format the
// server runs (expanding subgraphs and group nodes, dropping frontend-only
// nodes, re-wiring bypassed ones), traces typed predict() inputs through
// the graph, and resolves the model files and custom node packs the
// workflow needs. Everything it learns ends up in a facts.ComfyWorkflow.
package comfy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/cogport/cogport/sources/comfy/internal/jsonx"
	"github.com/cogport/cogport/sources/comfy/nodedef"
)

// Formats of a workflow file.
const (
	FormatUI  = "ui"
	FormatAPI = "api"
)

// DefaultMaxBytes is the largest workflow Parse accepts unless told
// otherwise; it is checked before parsing.
const DefaultMaxBytes = 64 << 20

// Errors Parse wraps; test with errors.Is.
var (
	ErrTooLarge      = errors.New("workflow is too large")
	ErrNotJSON       = errors.New("workflow is not JSON")
	ErrUnknownFormat = errors.New("neither a UI workflow (nodes and links) nor an API prompt (nodes with class_type)")
	ErrBadLink       = errors.New("bad link")
	ErrBadGraph      = errors.New("bad graph")
	ErrCycle         = errors.New("the workflow has a cycle")
)

// Workflow is a parsed workflow in API form with what the UI file said
// about it.
type Workflow struct {
	// Format is what the file was: FormatUI or FormatAPI.
	Format string
	Prompt *Prompt
	// Shared are values one PrimitiveNode fed to several inputs.
	Shared []Shared
	// Declared are the inputs the workflow declares (subgraphs).
	Declared []Declared
	// Props are the UI properties of the nodes, by API node id.
	Props map[string]NodeProps
	// ModelLinks are the workflow-level "models" list of a UI file.
	ModelLinks []ModelLink
	// Unknown maps classes that have no definition to their node ids.
	Unknown  map[string][]string
	Warnings []string
}

// Detect says which format data is in.
func Detect(data []byte) (string, error) {
	fields, err := topLevel(data)
	if err != nil {
		return "", err
	}
	return detectFields(fields)
}

func topLevel(data []byte) ([]jsonx.Field, error) {
	fields, err := jsonx.Object(data)
	switch {
	case err == nil:
		return fields, nil
	case !json.Valid(data):
		return nil, ErrNotJSON
	}
	return nil, fmt.Errorf("%w: the top level is not an object", ErrUnknownFormat)
}

func detectFields(fields []jsonx.Field) (string, error) {
	has := map[string]json.RawMessage{}
	for _, f := range fields {
		has[f.Key] = f.Value
	}
	if nodes, ok := has["nodes"]; ok && bytes.HasPrefix(bytes.TrimSpace(nodes), []byte("[")) {
		if _, ok := has["links"]; ok {
			return FormatUI, nil
		}
	}
	if len(fields) == 0 {
		return "", fmt.Errorf("%w: the object is empty", ErrUnknownFormat)
	}
	for _, f := range fields {
		var probe struct {
			ClassType *string `json:"class_type"`
		}
		if json.Unmarshal(f.Value, &probe) != nil || probe.ClassType == nil {
			return "", fmt.Errorf("%w: member %q has no class_type", ErrUnknownFormat, f.Key)
		}
	}
	return FormatAPI, nil
}

// Parse reads a workflow in either format. defs names the node classes
// (nodedef.Core(), extended by the user's /object_info); UI conversion
// depends on it. maxBytes ≤ 0 means DefaultMaxBytes.
func Parse(data []byte, defs *nodedef.Table, maxBytes int64) (*Workflow, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if int64(len(data)) > maxBytes {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(data), maxBytes)
	}
	fields, err := topLevel(data)
	if err != nil {
		return nil, err
	}
	if inner, ok := wrappedPrompt(fields); ok {
		fields = inner
	}
	format, err := detectFields(fields)
	if err != nil {
		return nil, err
	}
	var w *Workflow
	if format == FormatUI {
		w, err = parseUIWorkflow(fields, defs)
	} else {
		w, err = parseAPIWorkflow(fields, defs)
	}
	if err != nil {
		return nil, err
	}
	return w, check(w.Prompt)
}

// wrappedPrompt unwraps a /prompt request body ({"prompt": {...}}).
func wrappedPrompt(fields []jsonx.Field) ([]jsonx.Field, bool) {
	for _, f := range fields {
		if f.Key != "prompt" {
			continue
		}
		inner, err := jsonx.Object(f.Value)
		if err == nil && len(inner) > 0 {
			if _, err := detectFields(inner); err == nil {
				return inner, true
			}
		}
	}
	return nil, false
}

func parseUIWorkflow(fields []jsonx.Field, defs *nodedef.Table) (*Workflow, error) {
	file, err := parseUI(fields)
	if err != nil {
		return nil, err
	}
	fl, err := flatten(file, defs)
	if err != nil {
		return nil, err
	}
	c, p := convert(fl, defs)
	w := &Workflow{Format: FormatUI, Prompt: p, Declared: fl.declared, Props: map[string]NodeProps{},
		ModelLinks: file.models, Unknown: c.unknown, Warnings: append(fl.warnings, c.warnings...)}
	for _, id := range slices.Sorted(maps.Keys(c.shared)) {
		w.Shared = append(w.Shared, *c.shared[id])
	}
	for _, n := range fl.nodes {
		w.Props[n.id] = n.props
	}
	return w, nil
}

func parseAPIWorkflow(fields []jsonx.Field, defs *nodedef.Table) (*Workflow, error) {
	p, err := parseAPI(fields)
	if err != nil {
		return nil, err
	}
	w := &Workflow{Format: FormatAPI, Prompt: p, Unknown: map[string][]string{}}
	for _, n := range p.Nodes {
		def := defs.Lookup(n.Class)
		if def == nil {
			w.Unknown[n.Class] = append(w.Unknown[n.Class], n.ID)
		}
		// Only a known class tells an author's title from its display name.
		if def != nil && n.Title != "" && n.Title != n.Class && n.Title != def.DisplayName {
			n.AuthorTitle = n.Title
		}
		if n.Title == "" {
			n.Title = displayName(def, n.Class)
		}
	}
	return w, nil
}

// check rejects links to missing nodes and cycles.
func check(p *Prompt) error {
	for _, n := range p.Nodes {
		for _, in := range n.Inputs {
			if in.Link != nil && p.Node(in.Link.Node) == nil {
				return fmt.Errorf("%w: node %s input %q comes from node %s, which does not exist",
					ErrBadLink, n.ID, in.Name, in.Link.Node)
			}
		}
	}
	if cyc := findCycle(p); cyc != nil {
		return fmt.Errorf("%w: %s", ErrCycle, joinPath(cyc))
	}
	return nil
}

// findCycle returns one cycle of node ids, or nil; iterative so that deep
// graphs cannot overflow the stack.
func findCycle(p *Prompt) []string {
	const (
		white = iota
		grey
		black
	)
	color := make(map[string]int, len(p.Nodes))
	parent := map[string]string{}
	for _, root := range p.Nodes {
		if color[root.ID] != white {
			continue
		}
		type frame struct {
			id string
			i  int
		}
		stack := []frame{{root.ID, 0}}
		color[root.ID] = grey
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			n := p.Node(top.id)
			if top.i >= len(n.Inputs) {
				color[top.id] = black
				stack = stack[:len(stack)-1]
				continue
			}
			in := n.Inputs[top.i]
			top.i++
			if in.Link == nil {
				continue
			}
			switch color[in.Link.Node] {
			case grey:
				return cyclePath(parent, top.id, in.Link.Node)
			case white:
				color[in.Link.Node] = grey
				parent[in.Link.Node] = top.id
				stack = append(stack, frame{in.Link.Node, 0})
			}
		}
	}
	return nil
}

func cyclePath(parent map[string]string, from, to string) []string {
	path := []string{to}
	for id := from; id != to; id = parent[id] {
		path = append(path, id)
	}
	return append(path, to)
}

func joinPath(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += " ← "
		}
		s += id
	}
	return s
}
