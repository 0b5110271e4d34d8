package nodedef

import (
	_ "embed"
	"fmt"
	"slices"
	"sync"
)

//go:generate go run ../internal/gen -corpus ../../../../shared/corpus/comfy -nodedef core.json -catalog ../catalog/catalog.json.gz

// coreJSON is the generated table: the /object_info definitions of the
// classes ComfyUI core ships (the comfyanonymous/ComfyUI entry of
// ComfyUI-Manager's extension-node-map.json) found in the recorded dumps.
//
//go:embed core.json
var coreJSON []byte

// annotationsJSON is hand-written from the packs' INPUT_TYPES: the nodes
// with which comfy-pack (bentoml/comfy-pack nodes/nodes.py) and ComfyUI
// Deploy (BennyKok/comfyui-deploy comfy-nodes/external_*.py) let a workflow
// declare its own API.
//
//go:embed annotations.json
var annotationsJSON []byte

// Table maps class names to definitions.
type Table struct {
	nodes   map[string]*Node
	skipped []string
}

// Skipped lists the classes Parse left out, with the reason.
func (t *Table) Skipped() []string { return t.skipped }

// NewTable returns a table holding nodes.
func NewTable(nodes ...*Node) *Table {
	t := &Table{nodes: make(map[string]*Node, len(nodes))}
	for _, n := range nodes {
		t.nodes[n.Class] = n
	}
	return t
}

// core parses the embedded table once; it is constant data.
var core = sync.OnceValues(func() (*Table, error) {
	t, err := Parse(coreJSON)
	if err != nil {
		return nil, fmt.Errorf("embedded core node table: %w", err)
	}
	return t, nil
})

var defaults = sync.OnceValues(func() (*Table, error) {
	c, err := core()
	if err != nil {
		return nil, err
	}
	a, err := Parse(annotationsJSON)
	if err != nil {
		return nil, fmt.Errorf("embedded annotation node table: %w", err)
	}
	return c.With(a), nil
})

// Core returns the embedded table of core node definitions. Callers must
// not modify it; With returns an extended copy.
func Core() (*Table, error) { return core() }

// Default returns Core extended with the annotation nodes' definitions:
// the table cogport converts and traces with unless given more.
func Default() (*Table, error) { return defaults() }

// Lookup returns the definition of class, or nil.
func (t *Table) Lookup(class string) *Node {
	if t == nil {
		return nil
	}
	return t.nodes[class]
}

// Len is the number of classes.
func (t *Table) Len() int { return len(t.nodes) }

// Classes returns the class names, sorted.
func (t *Table) Classes() []string {
	out := make([]string, 0, len(t.nodes))
	for c := range t.nodes {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// With returns a new table: t's classes, replaced or extended by extra's
// (a user's /object_info overrides the shipped table class by class).
func (t *Table) With(extra *Table) *Table {
	out := NewTable()
	if t != nil {
		for c, n := range t.nodes {
			out.nodes[c] = n
		}
	}
	if extra != nil {
		for c, n := range extra.nodes {
			out.nodes[c] = n
		}
	}
	return out
}
