package entry

import (
	"fmt"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/github/pysrc"
)

// positionals are the leading positional parameters of Gradio components
// (Gradio 3 and 4); legacyPositionals those of the gr.inputs.X classes.
var positionals = map[string][]string{
	"Textbox": {"value"}, "Text": {"value"}, "TextArea": {"value"}, "Number": {"value"},
	"Slider": {"minimum", "maximum", "value"}, "Checkbox": {"value"}, "CheckboxGroup": {"choices", "value"},
	"Radio": {"choices", "value"}, "Dropdown": {"choices", "value"}, "Image": {"value"},
	"Audio": {"value"}, "Video": {"value"}, "File": {"value"}, "ColorPicker": {"value"},
}

var legacyPositionals = map[string][]string{
	"Textbox": {"lines", "placeholder", "default", "label"}, "Number": {"default", "label"},
	"Slider": {"minimum", "maximum", "step", "default", "label"}, "Checkbox": {"default", "label"},
	"CheckboxGroup": {"choices", "default", "label"}, "Radio": {"choices", "type", "default", "label"},
	"Dropdown": {"choices", "type", "default", "label"}, "Image": {"shape", "image_mode", "invert_colors", "source", "tool", "type", "label"},
	"Audio": {"source", "type", "label"}, "Video": {"type", "source", "label"}, "File": {"file_count", "type", "label"},
}

var pathComponents = map[string]bool{"Image": true, "ImageEditor": true, "Sketchpad": true, "ImageMask": true,
	"Paint": true, "Audio": true, "Microphone": true, "Webcam": true, "Video": true, "File": true,
	"Model3D": true, "UploadButton": true, "Pil": true}

// component reads a component's parameters by keyword or position.
type component struct {
	kind   string
	call   pysrc.Expr
	legacy bool
	consts map[string]pysrc.Expr
}

func (c component) get(key string) (any, bool) {
	names := positionals[c.kind]
	if c.legacy {
		names = legacyPositionals[c.kind]
	}
	e, found := c.call.Keyword(key)
	if !found && c.legacy && key == "value" {
		return c.get("default")
	}
	if !found {
		for i, n := range names {
			if n == key && i < len(c.call.Positional()) {
				e, found = c.call.Positional()[i], true
			}
		}
	}
	if !found {
		return nil, false
	}
	return literal(e, c.consts)
}

// has reports whether the parameter is given at all, literal or not.
func (c component) has(key string) bool {
	if _, ok := c.call.Keyword(key); ok {
		return true
	}
	names := positionals[c.kind]
	if c.legacy {
		names = legacyPositionals[c.kind]
	}
	for i, n := range names {
		if n == key && i < len(c.call.Positional()) {
			return true
		}
	}
	return false
}

func (c component) str(key string) string {
	v, _ := c.get(key)
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// inputs maps the resolved components to typed inputs named after fn's
// parameters.
func (app *gradioApp) inputs(fn pysrc.Expr, comps []pysrc.Expr, warns []string) ([]facts.RepoInput, []string) {
	params := app.params(fn, len(comps), &warns)
	names := uniqueNames{}
	consts := app.f.Py.Assignments()
	var out []facts.RepoInput
	for i, e := range comps {
		c := component{kind: componentKind(e), call: e, legacy: strings.Contains(e.Name, ".inputs."), consts: consts}
		at := fmt.Sprintf("%s:%d", app.f.Path, e.Line)
		in, ok := componentInput(c, at, &warns)
		if !ok {
			continue
		}
		var p *pysrc.Param
		if i < len(params) {
			p = &params[i]
		}
		app.nameInput(&in, c, p, i, at, &warns)
		in.Name = names.take(Sanitize(in.Dest, in.Type))
		out = append(out, in)
	}
	return out, warns
}

// params returns fn's parameters when fn is a function of the file.
func (app *gradioApp) params(fn pysrc.Expr, n int, warns *[]string) []pysrc.Param {
	name := fn.Name
	if fn.Kind == pysrc.Ident && strings.Contains(name, ".") {
		name = name[strings.LastIndex(name, ".")+1:] // self.predict, model.run
	}
	f, ok := app.funcs[name]
	if fn.Kind != pysrc.Ident || !ok {
		if n > 0 {
			*warns = append(*warns, fmt.Sprintf("%s: the app's function %q is not defined in the file; inputs are named after their labels", app.f.Path, shorten(fn.Text)))
		}
		return nil
	}
	var out []pysrc.Param
	for _, p := range f.Params {
		if p.Name == "self" || p.Name == "cls" {
			continue
		}
		if p.Star != "" {
			break
		}
		out = append(out, p)
	}
	return out
}

// nameInput sets Dest from the parameter, the label or the kind, and the
// default from the parameter when the component has none.
func (app *gradioApp) nameInput(in *facts.RepoInput, c component, p *pysrc.Param, i int, at string, warns *[]string) {
	label := c.str("label")
	switch {
	case p != nil:
		in.Dest = p.Name
		if in.Default == nil && p.HasDefault && in.Type != "Path" {
			if v, ok := literal(p.Default, c.consts); ok {
				in.Default, in.Required = v, false
				if in.Type == "float" {
					in.Default = asFloat(v)
				}
			}
		}
	case label != "":
		in.Dest = label
	default:
		in.Dest = fmt.Sprintf("%s_%d", strings.ToLower(c.kind), i+1)
		*warns = append(*warns, fmt.Sprintf("%s: %s input %d has no label; named %q", at, c.kind, i+1, in.Dest))
	}
	if in.Description == "" {
		in.Description = fmt.Sprintf("%s input %q of the Gradio app.", c.kind, in.Dest)
		in.DescriptionGuessed = true
		*warns = append(*warns, fmt.Sprintf("%s: %s input %q has no label; description generated", at, c.kind, in.Dest))
	}
}
