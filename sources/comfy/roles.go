package comfy

import (
	"math"
	"path"
	"strings"

	"github.com/cogport/cogport/sources/comfy/internal/jsonx"
	"github.com/cogport/cogport/sources/comfy/nodedef"
)

// annotation says how a node declares one input of a workflow's API.
type annotation struct {
	class string
	value string // the input that carries the value into the graph
	typ   string // the Cog type
	// nameFrom is "title" (comfy-pack: the node's title is the parameter
	// name) or the input holding the name (ComfyUI Deploy's input_id).
	nameFrom string
	descFrom string
}

// annotations are the nodes of comfy-pack (bentoml/comfy-pack) and
// ComfyUI Deploy (BennyKok/comfyui-deploy) that mark inputs.
var annotations = []annotation{
	{"CPackInputString", "value", "str", "title", ""},
	{"CPackInputInt", "value", "int", "title", ""},
	{"CPackInputImage", "image", "Path", "title", ""},
	{"CPackInputFile", "path", "Path", "title", ""},
	{"CPackInputAny", "input", "str", "title", ""},
	{"ComfyUIDeployExternalText", "default_value", "str", "input_id", "description"},
	{"ComfyUIDeployExternalNumberInt", "default_value", "int", "input_id", "description"},
	{"ComfyUIDeployExternalNumber", "default_value", "float", "input_id", "description"},
	{"ComfyUIDeployExternalBoolean", "default_value", "bool", "input_id", ""},
	{"ComfyUIDeployExternalImage", "name", "Path", "title", ""},
}

func annotationFor(class string) (annotation, bool) {
	for _, a := range annotations {
		if a.class == class {
			return a, true
		}
	}
	return annotation{}, false
}

func (t *tracer) annotations() {
	for _, n := range t.w.Prompt.Nodes {
		a, ok := annotationFor(n.Class)
		if !ok {
			continue
		}
		name := n.AuthorTitle
		if a.nameFrom != "title" {
			name, _ = literalString(n, a.nameFrom)
		}
		desc, _ := literalString(n, a.descFrom)
		c := &candidate{role: RoleDeclared, targets: []Target{{n.ID, a.value}}, typ: a.typ,
			names: []string{name, a.value}, desc: desc}
		c.min, c.max = boundFrom(n, "min"), boundFrom(n, "max")
		t.add(c, false)
	}
}

func literalString(n *Node, name string) (string, bool) {
	if name == "" {
		return "", false
	}
	in, ok := n.Input(name)
	if !ok || in.Link != nil {
		return "", false
	}
	s, ok := in.Value.(string)
	return s, ok
}

// boundFrom reads a bound an annotation node holds as an input (comfy-pack's
// min/max); ±sys.maxsize and other values beyond 2^53 mean unbounded.
func boundFrom(n *Node, name string) *float64 {
	in, ok := n.Input(name)
	if !ok || in.Link != nil {
		return nil
	}
	return finiteBound(in.Value)
}

func finiteBound(v any) *float64 {
	f, ok := jsonx.Float(v)
	if !ok || math.Abs(f) >= 1<<53 {
		return nil
	}
	return &f
}

// fileInputs are loaders whose file input has no upload flag in its
// definition (custom loaders), or that deserve a better name than their kind.
var fileInputs = []struct{ class, input, role string }{
	{"LoadImage", "image", "image"},
	{"LoadImageMask", "image", "mask"},
	{"LoadAudio", "audio", "audio"},
	{"LoadVideo", "file", "video"},
	{"VHS_LoadVideo", "video", "video"},
	{"VHS_LoadAudioUpload", "audio", "audio"},
}

// files exposes every upload input as a cog.Path.
func (t *tracer) files() {
	for _, n := range t.w.Prompt.Nodes {
		def := t.defs.Lookup(n.Class)
		for _, in := range n.Inputs {
			if role := fileRole(n.Class, in.Name, def); role != "" && in.Link == nil {
				t.add(&candidate{role: role, typ: "Path", targets: []Target{{n.ID, in.Name}},
					names: titleFirst(n, role)}, true)
			}
		}
	}
}

func fileRole(class, input string, def *nodedef.Node) string {
	for _, f := range fileInputs {
		if f.class == class && f.input == input {
			return f.role
		}
	}
	if def == nil {
		return ""
	}
	if spec, ok := def.Input(input); ok && spec.Upload != "" {
		return spec.Upload
	}
	return ""
}

// titleFirst names an input by its node's author title when the node has
// one, then by role.
func titleFirst(n *Node, role string) []string {
	if n.AuthorTitle != "" {
		return []string{n.AuthorTitle, role}
	}
	return []string{role}
}

// latentSize exposes width, height and batch_size of latent sources.
func (t *tracer) latentSize() {
	for _, name := range []string{"width", "height", "batch_size"} {
		for _, n := range t.w.Prompt.Nodes {
			if t.isLatentSource(n) {
				t.literal(n, name, name, nodedef.TypeInt)
			}
		}
	}
}

func (t *tracer) isLatentSource(n *Node) bool {
	if def := t.defs.Lookup(n.Class); def != nil {
		for _, o := range def.Outputs {
			if o.Type == "LATENT" {
				return true
			}
		}
		return false
	}
	return strings.Contains(n.Class, "Latent")
}

// samplerSettings exposes steps, cfg, sampler_name, scheduler and denoise
// wherever they are literals.
func (t *tracer) samplerSettings() {
	settings := []struct{ name, typ string }{
		{"steps", nodedef.TypeInt}, {"cfg", nodedef.TypeFloat}, {"sampler_name", nodedef.TypeCombo},
		{"scheduler", nodedef.TypeCombo}, {"denoise", nodedef.TypeFloat},
	}
	for _, s := range settings {
		for _, n := range t.w.Prompt.Nodes {
			t.literal(n, s.name, s.name, s.typ)
		}
	}
}

// literal adds input name of n under role when it is a literal of typ.
func (t *tracer) literal(n *Node, name, role, typ string) {
	in, ok := n.Input(name)
	if !ok || in.Link != nil {
		return
	}
	tg := Target{n.ID, name}
	c := &candidate{role: role, targets: []Target{tg}, names: []string{role}}
	if spec := t.spec(tg); spec != nil && spec.Type != typ {
		return
	} else if spec == nil {
		c.typ = cogTypes[typ] // the role decides: cfg is a float even when it reads 8
	}
	t.add(c, true)
}

// cogTypes map widget types to Python annotations.
var cogTypes = map[string]string{nodedef.TypeInt: "int", nodedef.TypeFloat: "float",
	nodedef.TypeBoolean: "bool", nodedef.TypeString: "str", nodedef.TypeCombo: "str"}

// seeds gathers every seed-like INT into one Optional seed: blank means
// random, and one value drives all samplers.
func (t *tracer) seeds() {
	var targets []Target
	for _, n := range t.w.Prompt.Nodes {
		def := t.defs.Lookup(n.Class)
		for _, in := range n.Inputs {
			if in.Link == nil && isSeed(def, in) {
				targets = append(targets, Target{n.ID, in.Name})
			}
		}
	}
	if len(targets) > 0 {
		t.add(&candidate{role: RoleSeed, targets: targets, names: []string{RoleSeed}, optional: true,
			typ: "int"}, false)
	}
}

func isSeed(def *nodedef.Node, in Input) bool {
	if def != nil {
		spec, ok := def.Input(in.Name)
		return ok && spec.IsSeed()
	}
	_, isInt := jsonx.Int(in.Value)
	return isInt && strings.Contains(in.Name, "seed")
}

// loraStrengths exposes LoRA loaders' strengths, qualified by the LoRA's
// file name when there are several.
func (t *tracer) loraStrengths() {
	for _, n := range t.w.Prompt.Nodes {
		if !strings.Contains(strings.ToLower(n.Class), "lora") {
			continue
		}
		stem := ""
		if name, ok := literalString(n, "lora_name"); ok {
			stem = strings.TrimSuffix(path.Base(strings.ReplaceAll(name, `\`, "/")), path.Ext(name))
		}
		for _, s := range []string{"strength_model", "strength_clip"} {
			in, ok := n.Input(s)
			if !ok || in.Link != nil {
				continue
			}
			role := "lora_" + s
			names := []string{role}
			if stem != "" {
				names = append(names, stem+"_"+s)
			}
			t.add(&candidate{role: role, targets: []Target{{n.ID, s}}, names: names}, true)
		}
	}
}
