package comfy

import (
	"slices"
	"strings"

	"github.com/cogport/cogport/sources/comfy/nodedef"
)

const maxWalk = 64

// textRef is one prompt text found upstream of a sampler.
type textRef struct {
	target Target
	text   string
}

// genericTextFields name no more than "the prompt": a second distinct text
// in such a field is numbered (prompt_2, as diffusers names SDXL's second
// prompt) rather than named after it.
var genericTextFields = map[string]bool{"text": true, "text_g": true, "text_l": true, "prompt": true,
	"clip_l": true, "clip_g": true, "t5xxl": true, "string": true, "value": true}

// textLikeNames name prompt fields of classes with no definition.
var textLikeNames = []string{"text", "prompt", "t5xxl", "clip_l", "clip_g", "tags", "lyrics"}

// prompts walks conditioning links up from every node that consumes
// conditioning without producing it (samplers, guiders) to the text
// encoders, through combiners, ControlNet appliers and the like. Texts
// reached from an input named like "negative" are negative prompts; a text
// reached both ways (ConditioningZeroOut) is positive.
func (t *tracer) prompts() {
	sources := t.conditioningSources()
	var refs [2][]textRef
	for _, n := range t.w.Prompt.Nodes {
		if sources[n.ID] {
			continue
		}
		for _, in := range n.Inputs {
			if in.Link != nil && t.isConditioning(n, in) {
				pol := 0
				if strings.Contains(strings.ToLower(in.Name), "neg") {
					pol = 1
				}
				t.walk(*in.Link, pol, &refs, map[string]bool{}, 0)
			}
		}
	}
	positive := map[Target]bool{}
	for _, r := range refs[0] {
		positive[r.target] = true
	}
	var negatives []textRef
	for _, r := range refs[1] {
		if !positive[r.target] {
			negatives = append(negatives, r)
		}
	}
	t.addTexts(refs[0], RolePrompt)
	t.addTexts(negatives, RoleNegativePrompt)
}

// conditioningSources are the nodes whose outputs feed conditioning inputs.
func (t *tracer) conditioningSources() map[string]bool {
	out := map[string]bool{}
	for _, n := range t.w.Prompt.Nodes {
		for _, in := range n.Inputs {
			if in.Link != nil && t.isConditioning(n, in) {
				out[in.Link.Node] = true
			}
		}
	}
	return out
}

// isConditioning tells a conditioning input by its definition, else by
// its source's output type, else by its name.
func (t *tracer) isConditioning(n *Node, in Input) bool {
	if def := t.defs.Lookup(n.Class); def != nil {
		if spec, ok := def.Input(in.Name); ok {
			return spec.Type == "CONDITIONING"
		}
	}
	if src := t.w.Prompt.Node(in.Link.Node); src != nil {
		if def := t.defs.Lookup(src.Class); def != nil {
			return def.OutputType(in.Link.Slot) == "CONDITIONING"
		}
	}
	name := strings.ToLower(in.Name)
	return strings.Contains(name, "cond") || name == "positive" || name == "negative"
}

func (t *tracer) walk(l Link, pol int, refs *[2][]textRef, seen map[string]bool, depth int) {
	if seen[l.Node] || depth > maxWalk {
		return
	}
	seen[l.Node] = true
	n := t.w.Prompt.Node(l.Node)
	if n == nil {
		return
	}
	def := t.defs.Lookup(n.Class)
	for _, in := range n.Inputs {
		if !isPromptField(def, in.Name) {
			continue
		}
		if in.Link == nil {
			if s, ok := in.Value.(string); ok {
				refs[pol] = append(refs[pol], textRef{Target{n.ID, in.Name}, s})
			}
			continue
		}
		if r, ok := t.stringSource(*in.Link, 0); ok {
			refs[pol] = append(refs[pol], r)
		}
	}
	ins, pol := t.upstream(n, def, l.Slot, pol)
	for _, in := range ins {
		t.walk(*in.Link, pol, refs, seen, depth+1)
	}
}

func isPromptField(def *nodedef.Node, name string) bool {
	if def != nil {
		spec, ok := def.Input(name)
		return ok && spec.Type == nodedef.TypeString && (spec.Multiline || spec.DynamicPrompts)
	}
	for _, t := range textLikeNames {
		if strings.Contains(name, t) {
			return true
		}
	}
	return false
}

// upstream picks the conditioning inputs behind output slot: the input
// named like the output (ControlNetApplyAdvanced's positive and negative),
// which also sets the polarity (InstructPixToPix's negative output feeding
// DualCFGGuider.cond2 carries the negative prompt); else, on a node with
// positive and negative inputs, the one of the current polarity; else all
// of them (ConditioningCombine).
func (t *tracer) upstream(n *Node, def *nodedef.Node, slot, pol int) ([]Input, int) {
	var conds []Input
	for _, in := range n.Inputs {
		if in.Link != nil && t.isConditioning(n, in) {
			conds = append(conds, in)
		}
	}
	if out := outputName(n, def, slot); out != "" {
		for _, in := range conds {
			if strings.EqualFold(in.Name, out) {
				return []Input{in}, polarityOf(out, pol)
			}
		}
	}
	want := "positive"
	if pol == 1 {
		want = "negative"
	}
	for _, in := range conds {
		if in.Name == want && hasInput(conds, "positive") && hasInput(conds, "negative") {
			return []Input{in}, pol
		}
	}
	return conds, pol
}

func outputName(n *Node, def *nodedef.Node, slot int) string {
	if def != nil && slot >= 0 && slot < len(def.Outputs) {
		return def.Outputs[slot].Name
	}
	if slot >= 0 && slot < len(n.outputs) {
		return n.outputs[slot]
	}
	return ""
}

func polarityOf(name string, pol int) int {
	switch strings.ToLower(name) {
	case "positive":
		return 0
	case "negative":
		return 1
	}
	return pol
}

func hasInput(ins []Input, name string) bool {
	for _, in := range ins {
		if in.Name == name {
			return true
		}
	}
	return false
}

// stringSource follows a linked prompt field to the node holding the text
// (a PrimitiveString, an annotation node, a text pack node): its first
// non-empty text field, multiline ones first.
func (t *tracer) stringSource(l Link, depth int) (textRef, bool) {
	n := t.w.Prompt.Node(l.Node)
	if n == nil || depth > 8 {
		return textRef{}, false
	}
	def := t.defs.Lookup(n.Class)
	var best *textRef
	bestRank := -1
	var linked *Link
	for _, in := range n.Inputs {
		rank, ok := textFieldRank(def, in.Name)
		if !ok {
			continue
		}
		if in.Link != nil {
			if linked == nil {
				linked = in.Link
			}
			continue
		}
		s, isStr := in.Value.(string)
		if !isStr {
			continue
		}
		if s != "" {
			rank += 2
		}
		if rank > bestRank {
			best, bestRank = &textRef{Target{n.ID, in.Name}, s}, rank
		}
	}
	if best != nil {
		return *best, true
	}
	if linked != nil {
		return t.stringSource(*linked, depth+1)
	}
	return textRef{}, false
}

// textFieldRank says whether an input can hold the text, and how likely it
// is the prompt: a multiline STRING outranks a single-line one.
func textFieldRank(def *nodedef.Node, name string) (int, bool) {
	if def == nil {
		switch {
		case strings.Contains(name, "text") || strings.Contains(name, "prompt"):
			return 1, true
		case strings.Contains(name, "string") || strings.Contains(name, "value"):
			return 0, true
		}
		return 0, false
	}
	spec, ok := def.Input(name)
	if !ok || spec.Type != nodedef.TypeString {
		return 0, false
	}
	if spec.Multiline {
		return 1, true
	}
	return 0, true
}

// addTexts makes one input per distinct text: equal texts (CLIPTextEncodeFlux's
// clip_l and t5xxl, a prompt shared by base and refiner) share one input.
// The first text takes the role's name; a later one is named by its field
// when that differs (ACE-Step's lyrics), else numbered.
func (t *tracer) addTexts(refs []textRef, role string) {
	var order []string
	byText := map[string][]Target{}
	for _, r := range refs {
		if _, ok := byText[r.text]; !ok {
			order = append(order, r.text)
		}
		byText[r.text] = append(byText[r.text], r.target)
	}
	// An empty text (Flux's unused clip_l) must not take the prompt's name.
	slices.SortStableFunc(order, func(a, b string) int { return cmpBool(a == "", b == "") })
	firstField := ""
	for i, text := range order {
		targets := byText[text]
		names := []string{role}
		field := targets[0].Input
		if i == 0 {
			firstField = field
		} else if field != firstField && !genericTextFields[field] {
			prefix := ""
			if role == RoleNegativePrompt {
				prefix = "negative_"
			}
			names = []string{prefix + field, role}
		}
		t.add(&candidate{role: role, targets: targets, names: names}, false)
	}
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
