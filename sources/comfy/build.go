package comfy

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/comfy/internal/jsonx"
	"github.com/cogport/cogport/sources/comfy/nodedef"
)

// MaxSeed caps seeds: ComfyUI allows 2^64−1, but a literal 2^32−1 keeps
// the value exact in every consumer (JSON numbers, numpy, Cog's schema).
const MaxSeed = 4294967295

// maxDescribed is how many targets a description names.
const maxDescribed = 3

// roleText describes each role for the input's description.
var roleText = map[string]string{
	RolePrompt: "Prompt", RoleNegativePrompt: "Negative prompt: what to avoid",
	RoleSeed: "Random seed; leave blank to randomize", "steps": "Number of sampling steps",
	"cfg": "Classifier-free guidance scale", "sampler_name": "Sampler", "scheduler": "Noise scheduler",
	"denoise": "Denoising strength", "width": "Width in pixels", "height": "Height in pixels",
	"batch_size": "Number of outputs", "image": "Input image", "mask": "Input mask image",
	"audio": "Input audio", "video": "Input video", "file": "Input file",
	"lora_strength_model": "LoRA strength on the model", "lora_strength_clip": "LoRA strength on the text encoder",
}

// build names the candidates in order and turns them into facts.
func (t *tracer) build() []facts.ComfyInput {
	nm := newNamer()
	out := make([]facts.ComfyInput, 0, len(t.cands))
	for _, c := range t.cands {
		prefs := c.names
		if title := t.w.Prompt.Node(c.targets[0].Node).AuthorTitle; title != "" {
			prefs = append(slices.Clip(c.names), qualify(title, Sanitize(c.names[len(c.names)-1])))
		}
		name := nm.claim(prefs...)
		if t.hiddenNames[name] {
			continue
		}
		out = append(out, t.input(c, name))
	}
	return out
}

func (t *tracer) input(c *candidate, name string) facts.ComfyInput {
	primary := c.targets[0]
	spec := t.spec(primary)
	value := t.value(primary)
	in := facts.ComfyInput{Name: name, Role: c.role, Optional: c.optional, Min: c.min, Max: c.max}
	for _, tg := range c.targets {
		in.Targets = append(in.Targets, facts.ComfyTarget{Node: tg.Node, Input: tg.Input})
	}
	in.Type = c.typ
	if in.Type == "" {
		in.Type = cogType(spec, value)
	}
	if spec != nil {
		in.Min, in.Max = pick64(in.Min, finitePtr(spec.Min)), pick64(in.Max, finitePtr(spec.Max))
		if spec.Step != nil {
			in.Step = *spec.Step
		}
	}
	t.setDefault(&in, value)
	t.setChoices(&in, spec)
	t.checkBounds(&in)
	in.Description = t.describe(c, spec)
	return in
}

// cogType maps a widget type to a Python annotation.
func cogType(spec *nodedef.Input, v any) string {
	if spec != nil {
		switch spec.Type {
		case nodedef.TypeInt:
			return "int"
		case nodedef.TypeFloat:
			return "float"
		case nodedef.TypeBoolean:
			return "bool"
		case nodedef.TypeString, nodedef.TypeCombo:
			return "str"
		}
	}
	switch x := v.(type) {
	case bool:
		return "bool"
	case string:
		return "str"
	default:
		if _, ok := jsonx.Int(x); ok && !strings.ContainsAny(fmt.Sprint(x), ".eE") {
			return "int"
		}
		if jsonx.IsNumber(x) {
			return "float"
		}
	}
	return "str"
}

// setDefault converts the workflow's value to the input's type. Files
// and seeds keep it as an example only: a Path cannot default to a file of
// the author's machine, and a blank seed means random.
func (t *tracer) setDefault(in *facts.ComfyInput, v any) {
	if in.Type == "Path" {
		in.Example = v
		return
	}
	if in.Role == RoleSeed {
		in.Example = v
		in.Min, in.Max = floatPtr(0), floatPtr(MaxSeed)
		return
	}
	switch in.Type {
	case "int":
		if i, ok := jsonx.Int(v); ok {
			in.Default = i
		} else if f, ok := jsonx.Float(v); ok {
			in.Default = int64(math.Round(f))
		}
	case "float":
		if f, ok := jsonx.Float(v); ok {
			in.Default = f
		}
	case "bool":
		in.Default, _ = v.(bool)
	default:
		if s, ok := v.(string); ok {
			in.Default = s
		} else if v != nil {
			in.Default = fmt.Sprint(v)
		}
	}
}

// setChoices copies a combo's options; a workflow value missing from them
// (a newer sampler, say) is added so that the default stays valid.
func (t *tracer) setChoices(in *facts.ComfyInput, spec *nodedef.Input) {
	if spec == nil || spec.Type != nodedef.TypeCombo || len(spec.Choices) < 2 || in.Type != "str" {
		return
	}
	found := false
	for _, c := range spec.Choices {
		if s, ok := c.(string); ok {
			in.Choices = append(in.Choices, s)
			found = found || s == in.Default
		}
	}
	if !found && in.Default != nil {
		in.Choices = append(in.Choices, in.Default)
		t.warnf("input %s: %v is not among the definition's choices; added", in.Name, in.Default)
	}
	if len(in.Choices) < 2 {
		in.Choices = nil
	}
}

// checkBounds drops a bound the workflow's own value breaks.
func (t *tracer) checkBounds(in *facts.ComfyInput) {
	d, ok := jsonx.Float(in.Default)
	if !ok {
		return
	}
	if in.Min != nil && d < *in.Min {
		t.warnf("input %s: default %v is below the definition's minimum %v; minimum dropped", in.Name, in.Default, *in.Min)
		in.Min = nil
	}
	if in.Max != nil && d > *in.Max {
		t.warnf("input %s: default %v is above the definition's maximum %v; maximum dropped", in.Name, in.Default, *in.Max)
		in.Max = nil
	}
}

func (t *tracer) describe(c *candidate, spec *nodedef.Input) string {
	var b strings.Builder
	switch {
	case c.desc != "":
		b.WriteString(c.desc)
	case roleText[c.role] != "":
		b.WriteString(roleText[c.role])
	case spec != nil && spec.Tooltip != "":
		b.WriteString(spec.Tooltip)
	default:
		b.WriteString(strings.ReplaceAll(c.targets[0].Input, "_", " "))
	}
	b.WriteString(" (")
	for i, tg := range c.targets {
		if i == maxDescribed {
			fmt.Fprintf(&b, " and %d more", len(c.targets)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		n := t.w.Prompt.Node(tg.Node)
		fmt.Fprintf(&b, "node %s %s.%s", tg.Node, n.Class, tg.Input)
	}
	b.WriteString(")")
	return b.String()
}

func finitePtr(p *float64) *float64 {
	if p == nil || math.Abs(*p) >= 1<<53 {
		return nil
	}
	return p
}

func pick64(a, b *float64) *float64 {
	if a != nil {
		return a
	}
	return b
}

func floatPtr(f float64) *float64 { return &f }
