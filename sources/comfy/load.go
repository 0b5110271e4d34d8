package comfy

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/comfy/catalog"
	"github.com/cogport/cogport/sources/comfy/nodedef"
)

// Options configure Load.
type Options struct {
	// Name labels the workflow (its file name).
	Name string
	// ObjectInfo are /object_info documents of the user's ComfyUI: their
	// classes override and extend the shipped table, in order.
	ObjectInfo [][]byte
	// Catalog is ComfyUI-Manager's and cog-comfyui's data; nil means the
	// embedded copy (catalog.LoadDir reads fresh files).
	Catalog *catalog.Catalog
	// Models is the user's model map (ParseModelMap).
	Models map[string]ModelSource
	// Nodes is the user's class → repo map (ParseNodeMap).
	Nodes map[string]string
	// Trace adjusts the exposed inputs.
	Trace TraceOptions
	// MaxBytes limits the workflow's size; ≤ 0 means DefaultMaxBytes.
	MaxBytes int64
}

// Load reads a workflow and learns everything cogport needs from it: the
// API prompt, typed inputs, model downloads and the custom node lock.
func Load(data []byte, opts Options) (*facts.ComfyWorkflow, error) {
	core, err := nodedef.Core()
	if err != nil {
		return nil, err
	}
	defs, err := Definitions(opts.ObjectInfo...)
	if err != nil {
		return nil, err
	}
	cat := opts.Catalog
	if cat == nil {
		if cat, err = catalog.Embedded(); err != nil {
			return nil, err
		}
	}
	w, err := Parse(data, defs, opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	prompt, err := json.Marshal(w.Prompt)
	if err != nil {
		return nil, fmt.Errorf("api prompt: %w", err)
	}
	out := &facts.ComfyWorkflow{Name: opts.Name, Format: w.Format, Prompt: prompt,
		OutputNodes: w.Prompt.OutputNodes(defs), Warnings: slices.Clone(w.Warnings)}
	for _, n := range w.Prompt.Nodes {
		out.Nodes = append(out.Nodes, facts.ComfyNode{ID: n.ID, Class: n.Class, Title: n.AuthorTitle,
			Core: IsCore(n.Class, core, cat)})
	}
	var warns []string
	out.Inputs, warns = Trace(w, defs, opts.Trace)
	out.Warnings = append(out.Warnings, warns...)
	out.Models = ResolveModels(w, defs, cat, opts.Models)
	out.Packs, out.UnresolvedNodes = ResolvePacks(w, core, cat, opts.Nodes)
	for _, v := range Validate(w.Prompt, defs) {
		out.Warnings = append(out.Warnings, "validation (by the node definitions cogport has): "+v)
	}
	out.Warnings = append(out.Warnings, summary(out)...)
	return out, nil
}

// Definitions returns the shipped table (core and annotation nodes)
// extended by /object_info documents, later ones winning.
func Definitions(objectInfo ...[]byte) (*nodedef.Table, error) {
	defs, err := nodedef.Default()
	if err != nil {
		return nil, err
	}
	for i, doc := range objectInfo {
		extra, err := nodedef.Parse(doc)
		if err != nil {
			return nil, fmt.Errorf("object_info #%d: %w", i+1, err)
		}
		defs = defs.With(extra)
	}
	return defs, nil
}

// ReadLimited reads r up to max bytes (≤ 0: DefaultMaxBytes) and fails
// with ErrTooLarge beyond, before anything is parsed.
func ReadLimited(r io.Reader, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMaxBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return data, nil
}

// summary warns about what the package cannot do on its own.
func summary(out *facts.ComfyWorkflow) []string {
	var warns []string
	for _, m := range out.Models {
		if !m.Resolved() {
			warns = append(warns, fmt.Sprintf("model %s (%s): %s", m.Name, orUnknown(m.Folder), m.Problem))
		}
	}
	for _, p := range out.Packs {
		if p.Commit == "" {
			warns = append(warns, fmt.Sprintf("pack %s is not pinned to a commit", p.Repo))
		}
	}
	for _, u := range out.UnresolvedNodes {
		warns = append(warns, fmt.Sprintf("class %s (nodes %v): %s", u.Class, u.Nodes, u.Reason))
	}
	if len(out.OutputNodes) == 0 {
		warns = append(warns, "the workflow has no output node")
	}
	return warns
}

func orUnknown(s string) string {
	if s == "" {
		return "folder unknown"
	}
	return s
}
