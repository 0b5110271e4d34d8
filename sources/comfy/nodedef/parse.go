package nodedef

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/cogport/cogport/sources/comfy/internal/jsonx"
)

// rawNode is one class of an /object_info dump.
type rawNode struct {
	Input       json.RawMessage     `json:"input"`
	InputOrder  map[string][]string `json:"input_order"`
	Output      json.RawMessage     `json:"output"`
	OutputList  []bool              `json:"output_is_list"`
	OutputName  []string            `json:"output_name"`
	Name        string              `json:"name"`
	DisplayName string              `json:"display_name"`
	Category    string              `json:"category"`
	OutputNode  bool                `json:"output_node"`
	Deprecated  bool                `json:"deprecated"`
}

// Parse reads an /object_info JSON document ({class: definition}).
// Declaration order comes from input_order where the dump has it and from
// the key order of input.required/optional otherwise. A class whose
// definition is malformed (custom nodes ship odd ones) is skipped and listed
// by Skipped; a document that is not an object is an error.
func Parse(data []byte) (*Table, error) {
	classes, err := jsonx.Object(data)
	if err != nil {
		return nil, fmt.Errorf("object_info: %w", err)
	}
	t := NewTable()
	for _, c := range classes {
		n, err := parseNode(c.Key, c.Value)
		if err != nil {
			t.skipped = append(t.skipped, fmt.Sprintf("%s: %v", c.Key, err))
			continue
		}
		t.nodes[n.Class] = n
	}
	return t, nil
}

func parseNode(class string, raw json.RawMessage) (*Node, error) {
	var rn rawNode
	if err := jsonx.Unmarshal(raw, &rn); err != nil {
		return nil, err
	}
	n := &Node{Class: class, DisplayName: rn.DisplayName, Category: rn.Category,
		OutputNode: rn.OutputNode, Deprecated: rn.Deprecated}
	if rn.Name != "" && rn.Name != class {
		return nil, fmt.Errorf("name %q does not match its key", rn.Name)
	}
	sections, err := jsonx.Object(rn.Input)
	if err != nil {
		return nil, fmt.Errorf("input: %w", err)
	}
	for _, sec := range []string{"required", "optional"} {
		ins, err := parseSection(sectionOf(sections, sec), rn.InputOrder[sec], sec == "optional")
		if err != nil {
			return nil, err
		}
		n.Inputs = append(n.Inputs, ins...)
	}
	n.Outputs = parseOutputs(rn)
	n.widgets = n.widgetList()
	return n, nil
}

func sectionOf(fields []jsonx.Field, name string) json.RawMessage {
	for _, f := range fields {
		if f.Key == name {
			return f.Value
		}
	}
	return nil
}

// parseSection reads one input section, in input_order when given.
func parseSection(raw json.RawMessage, order []string, optional bool) ([]Input, error) {
	fields, err := jsonx.Object(raw)
	if err != nil {
		return nil, err
	}
	fields = reorder(fields, order)
	var out []Input
	for _, f := range fields {
		in, ok, err := parseInput(f.Key, f.Value)
		if err != nil {
			return nil, fmt.Errorf("input %q: %w", f.Key, err)
		}
		if ok {
			in.Optional = optional
			out = append(out, in)
		}
	}
	return out, nil
}

// reorder sorts fields by order; names missing from order keep their place
// after the ordered ones.
func reorder(fields []jsonx.Field, order []string) []jsonx.Field {
	if len(order) == 0 {
		return fields
	}
	byKey := make(map[string]jsonx.Field, len(fields))
	for _, f := range fields {
		byKey[f.Key] = f
	}
	out := make([]jsonx.Field, 0, len(fields))
	for _, k := range order {
		if f, ok := byKey[k]; ok {
			out = append(out, f)
			delete(byKey, k)
		}
	}
	for _, f := range fields {
		if _, ok := byKey[f.Key]; ok {
			out = append(out, f)
		}
	}
	return out
}

// specOptions are the spec options cogport reads.
type specOptions struct {
	Default        any     `json:"default"`
	Min            any     `json:"min"`
	Max            any     `json:"max"`
	Step           any     `json:"step"`
	Multiline      bool    `json:"multiline"`
	DynamicPrompts bool    `json:"dynamicPrompts"`
	ForceInput     bool    `json:"forceInput"`
	ImageUpload    bool    `json:"image_upload"`
	AudioUpload    bool    `json:"audio_upload"`
	VideoUpload    bool    `json:"video_upload"`
	FileUpload     bool    `json:"file_upload"`
	Control        any     `json:"control_after_generate"`
	Tooltip        string  `json:"tooltip"`
	Options        []any   `json:"options"`
	Upload         *string `json:"upload"`
}

// parseInput reads [TYPE, {options}]; ok is false for specs that are not
// inputs at all (a hidden "PROMPT" string).
func parseInput(name string, raw json.RawMessage) (Input, bool, error) {
	var spec []json.RawMessage
	if err := jsonx.Unmarshal(raw, &spec); err != nil || len(spec) == 0 {
		return Input{}, false, nil
	}
	in := Input{Name: name}
	var typ any
	if err := jsonx.Unmarshal(spec[0], &typ); err != nil {
		return in, false, err
	}
	var opts specOptions
	if len(spec) > 1 {
		if err := jsonx.Unmarshal(spec[1], &opts); err != nil {
			return in, false, fmt.Errorf("options: %w", err)
		}
	}
	switch t := typ.(type) {
	case string:
		in.Type = t
		if t == TypeCombo {
			in.Choices = opts.Options
		}
	case []any:
		in.Type, in.Choices = TypeCombo, t
	default:
		return in, false, fmt.Errorf("type is %T", typ)
	}
	applyOptions(&in, opts)
	return in, true, nil
}

func applyOptions(in *Input, o specOptions) {
	in.Default, in.Tooltip = o.Default, o.Tooltip
	in.Min, in.Max, in.Step = number(o.Min), number(o.Max), number(o.Step)
	in.Multiline, in.DynamicPrompts, in.ForceInput = o.Multiline, o.DynamicPrompts, o.ForceInput
	switch {
	case o.ImageUpload:
		in.Upload = "image"
	case o.AudioUpload:
		in.Upload = "audio"
	case o.VideoUpload:
		in.Upload = "video"
	case o.FileUpload:
		in.Upload = "file"
	case o.Upload != nil && *o.Upload != "":
		in.Upload = *o.Upload
	}
	switch c := o.Control.(type) {
	case bool:
		in.Control = &c
	case string:
		on := c != ""
		in.Control = &on
	}
	if in.Type == TypeCombo && looksLikeFiles(in.Choices) {
		in.Choices = nil
	}
}

func number(v any) *float64 {
	f, ok := jsonx.Float(v)
	if !ok {
		return nil
	}
	return &f
}

// fileExt matches the extensions of the files a combo may list: weights,
// configs and media of the machine that recorded the dump.
var fileExt = regexp.MustCompile(`(?i)\.(safetensors|sft|ckpt|pt|pth|bin|onnx|gguf|engine|torchscript|patch|` +
	`yaml|yml|json|png|jpe?g|webp|gif|bmp|tiff?|exr|mp4|webm|mov|mkv|avi|wav|mp3|flac|ogg|m4a|glb|gltf|obj|fbx|latent)$`)

// looksLikeFiles reports whether a combo's options are files: such lists
// describe one machine's folders, not the node, so they are dropped.
func looksLikeFiles(choices []any) bool {
	if len(choices) == 0 {
		return false
	}
	for _, c := range choices {
		s, ok := c.(string)
		if !ok || !fileExt.MatchString(strings.TrimSpace(s)) {
			return false
		}
	}
	return true
}

func parseOutputs(rn rawNode) []Output {
	var outs []json.RawMessage
	if err := json.Unmarshal(rn.Output, &outs); err != nil {
		outs = []json.RawMessage{rn.Output} // a single type written as a string
	}
	if len(rn.Output) == 0 {
		outs = nil
	}
	out := make([]Output, 0, len(outs))
	for i, raw := range outs {
		var t any
		_ = jsonx.Unmarshal(raw, &t)
		o := Output{Type: TypeCombo}
		if s, ok := t.(string); ok {
			o.Type = s
		}
		if i < len(rn.OutputName) {
			o.Name = rn.OutputName[i]
		}
		if i < len(rn.OutputList) {
			o.IsList = rn.OutputList[i]
		}
		out = append(out, o)
	}
	return out
}
