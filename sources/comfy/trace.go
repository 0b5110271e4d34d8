package comfy

import (
	"fmt"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/comfy/nodedef"
)

// TraceOptions adjust which inputs predict() gets.
type TraceOptions struct {
	// Expose adds inputs: "nodeid.input" exposes one literal input; a bare
	// input name exposes it on every node where it is a literal.
	Expose []string
	// Hide drops traced inputs, by final name or by "nodeid.input".
	Hide []string
}

// Roles of traced inputs (facts.ComfyInput.Role).
const (
	RolePrompt         = "prompt"
	RoleNegativePrompt = "negative_prompt"
	RoleSeed           = "seed"
	RoleDeclared       = "declared"
	RoleExposed        = "exposed"
)

// candidate is an input being traced, before it is named.
type candidate struct {
	role    string
	targets []Target
	// names are preferred names, best first; the namer falls back to a
	// title-qualified or numbered role name.
	names    []string
	typ      string // Cog type when the role decides it (Path, annotation types)
	optional bool
	min, max *float64
	desc     string
}

type tracer struct {
	w       *Workflow
	defs    *nodedef.Table
	cands   []*candidate
	covered map[Target]bool
	shared  map[Target]*Shared
	// live are the nodes that execute; inputs of the others change nothing.
	live map[string]bool
	// hiddenNames are Hide entries applied after naming.
	hiddenNames map[string]bool
	warnings    []string
}

// Trace finds the workflow's typed inputs (DESIGN §5.4): the declared API
// first (subgraph inputs, annotation nodes), then prompts reached through
// conditioning links, files, latent size, sampler settings, seed and LoRA
// strengths, then the user's overrides. Each input records the node inputs
// it is substituted into. The second result are warnings.
func Trace(w *Workflow, defs *nodedef.Table, opts TraceOptions) ([]facts.ComfyInput, []string) {
	t := &tracer{w: w, defs: defs, covered: map[Target]bool{}, shared: map[Target]*Shared{},
		live: w.Prompt.Live(defs)}
	for i := range w.Shared {
		for _, tg := range w.Shared[i].Targets {
			t.shared[tg] = &w.Shared[i]
		}
	}
	t.declaredInputs()
	t.annotations()
	t.prompts()
	t.files()
	t.latentSize()
	t.samplerSettings()
	t.seeds()
	t.loraStrengths()
	t.promoted()
	t.expose(opts.Expose)
	t.hide(opts.Hide)
	return t.build(), t.warnings
}

// add records c once its targets are live literals not already claimed; a
// target fed by a PrimitiveNode brings the primitive's other targets, and
// the primitive's title becomes a preferred name (titleFirst) or the
// fallback after the role's name.
func (t *tracer) add(c *candidate, titleFirst bool) {
	var targets []Target
	seen := map[Target]bool{}
	var title string
	for _, tg := range c.targets {
		group := []Target{tg}
		if s := t.shared[tg]; s != nil {
			group, title = s.Targets, s.Title
		}
		for _, g := range group {
			if !seen[g] && !t.covered[g] && t.live[g.Node] && t.isLiteral(g) {
				seen[g] = true
				targets = append(targets, g)
			}
		}
	}
	if len(targets) == 0 {
		return
	}
	for _, g := range targets {
		t.covered[g] = true
	}
	c.targets = targets
	switch {
	case title != "" && titleFirst:
		c.names = append([]string{title}, c.names...)
	case title != "":
		// A canonical role keeps its name; the primitive's title tells
		// the second one apart ("Subject 2" → subject_2_prompt).
		c.names = append(c.names, qualify(title, Sanitize(c.names[0])))
	}
	t.cands = append(t.cands, c)
}

func (t *tracer) isLiteral(tg Target) bool {
	n := t.w.Prompt.Node(tg.Node)
	if n == nil {
		return false
	}
	in, ok := n.Input(tg.Input)
	return ok && in.Link == nil
}

// value returns a target's literal.
func (t *tracer) value(tg Target) any {
	if n := t.w.Prompt.Node(tg.Node); n != nil {
		if in, ok := n.Input(tg.Input); ok {
			return in.Value
		}
	}
	return nil
}

// spec returns the definition of a target's input, if known.
func (t *tracer) spec(tg Target) *nodedef.Input {
	n := t.w.Prompt.Node(tg.Node)
	if n == nil {
		return nil
	}
	def := t.defs.Lookup(n.Class)
	if def == nil {
		return nil
	}
	in, ok := def.Input(tg.Input)
	if !ok {
		return nil
	}
	return &in
}

func (t *tracer) warnf(format string, args ...any) {
	t.warnings = append(t.warnings, fmt.Sprintf(format, args...))
}

// declaredInputs adds subgraph inputs with their authors' names.
func (t *tracer) declaredInputs() {
	for _, d := range t.w.Declared {
		if d.Name != "" {
			t.add(&candidate{role: RoleDeclared, targets: d.Targets, names: []string{d.Name}}, false)
		}
	}
}

// promoted adds the widgets promoted onto subgraph instances that no rule
// traced, named by the widget.
func (t *tracer) promoted() {
	for _, d := range t.w.Declared {
		if d.Name == "" {
			for _, tg := range d.Targets {
				t.add(&candidate{role: RoleDeclared, targets: []Target{tg}, names: []string{tg.Input}}, true)
			}
		}
	}
}

// expose adds the user's "node.input" or bare-name exposures.
func (t *tracer) expose(list []string) {
	for _, e := range list {
		node, input, ok := strings.Cut(e, ".")
		if ok && t.w.Prompt.Node(node) != nil {
			t.exposeOne(Target{node, input}, e)
			continue
		}
		found := false
		for _, n := range t.w.Prompt.Nodes {
			if in, ok := n.Input(e); ok && in.Link == nil {
				t.exposeOne(Target{n.ID, e}, e)
				found = true
			}
		}
		if !found {
			t.warnf("expose %q: no node has such a literal input", e)
		}
	}
}

func (t *tracer) exposeOne(tg Target, asked string) {
	if t.covered[tg] {
		return
	}
	if !t.isLiteral(tg) {
		t.warnf("expose %q: node %s has no literal input %q", asked, tg.Node, tg.Input)
		return
	}
	t.add(&candidate{role: RoleExposed, targets: []Target{tg}, names: []string{tg.Input}}, true)
}

// hide drops candidates by name (after naming) or by target.
func (t *tracer) hide(list []string) {
	if len(list) == 0 {
		return
	}
	hidden := map[string]bool{}
	for _, h := range list {
		hidden[h] = true
	}
	var keep []*candidate
	for _, c := range t.cands {
		drop := false
		for _, tg := range c.targets {
			drop = drop || hidden[tg.Node+"."+tg.Input]
		}
		if !drop {
			keep = append(keep, c)
		}
	}
	t.cands = keep
	t.hiddenNames = hidden
}
