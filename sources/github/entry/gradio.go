package entry

import (
	"fmt"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/github/pysrc"
)

// eventNames are Gradio listeners whose handler may be the model call.
var eventNames = map[string]bool{"click": true, "submit": true, "change": true, "upload": true,
	"input": true, "release": true, "select": true, "stop_recording": true, "then": true, "success": true}

// gradioApp holds what a file says about Gradio.
type gradioApp struct {
	f          File
	alias      string          // "gr"
	imported   map[string]bool // names from "from gradio import X"
	components map[string]pysrc.Expr
	bindings   map[string]pysrc.Expr
	funcs      map[string]pysrc.Func
}

// gradioEntry reads a Gradio app: the fn, inputs and outputs of its Interface,
// or of the first event handler of its Blocks. nil when f is not one.
func gradioEntry(f File) (*facts.RepoEntryPoint, []string) {
	app := newGradioApp(f)
	if app == nil {
		return nil, nil
	}
	fn, inputs, outputs, title, line, ok := app.find()
	if !ok {
		return nil, []string{f.Path + ": imports gradio but cogport found no Interface or event handler with inputs"}
	}
	ep := &facts.RepoEntryPoint{Path: f.Path, Kind: "gradio", Description: title}
	ep.Func = fn.Text
	if fn.Kind == pysrc.Ident {
		ep.Func = fn.Name
	}
	var warns []string
	comps := app.resolveList(inputs, &warns, line, 0)
	ep.Inputs, warns = app.inputs(fn, comps, warns)
	for _, o := range app.resolveList(outputs, new([]string), line, 0) { // unknown outputs are no input's concern
		ep.Outputs = append(ep.Outputs, componentKind(o))
	}
	return ep, warns
}

func newGradioApp(f File) *gradioApp {
	app := &gradioApp{f: f, imported: map[string]bool{}, components: map[string]pysrc.Expr{}, funcs: map[string]pysrc.Func{}}
	for _, im := range f.Py.Imports() {
		switch {
		case im.Module == "gradio" && im.Name == "":
			app.alias = im.Alias
		case im.Module == "gradio" || strings.HasPrefix(im.Module, "gradio."):
			app.imported[im.Alias] = true
		}
	}
	if app.alias == "" && len(app.imported) == 0 {
		return nil
	}
	for _, c := range f.Py.Calls(app.isComponent) {
		if c.Target != "" {
			app.components[c.Target] = c.Call
		}
	}
	app.bindings = f.Py.Bindings()
	for _, fn := range f.Py.Funcs() {
		if _, seen := app.funcs[fn.Name]; !seen {
			app.funcs[fn.Name] = fn
		}
	}
	return app
}

// isComponent matches gr.X, gr.inputs.X, gr.components.X and imported X
// where X is capitalised.
func (app *gradioApp) isComponent(name string) bool {
	last := name[strings.LastIndex(name, ".")+1:]
	if last == "" || last[0] < 'A' || last[0] > 'Z' || last == "Interface" || last == "Blocks" ||
		last == "ChatInterface" || last == "Row" || last == "Column" || last == "Tab" || last == "Group" ||
		last == "Accordion" || last == "Button" || last == "TabbedInterface" || last == "Examples" {
		return false
	}
	if app.alias != "" {
		for _, p := range []string{"", "inputs.", "outputs.", "components."} {
			if name == app.alias+"."+p+last {
				return true
			}
		}
	}
	return app.imported[name]
}

func (app *gradioApp) named(name, want string) bool {
	return (app.alias != "" && name == app.alias+"."+want) || (name == want && app.imported[want])
}

// find locates the model call: an Interface, else a ChatInterface, else
// the event handler (click, then, submit, ...) with the most inputs; a
// click wins ties.
func (app *gradioApp) find() (fn, inputs, outputs pysrc.Expr, title string, line int, ok bool) {
	calls := app.f.Py.Calls(func(n string) bool {
		return app.named(n, "Interface") || app.named(n, "ChatInterface") ||
			strings.Contains(n, ".") && eventNames[n[strings.LastIndex(n, ".")+1:]] || app.named(n, "on")
	})
	var event *pysrc.CallSite
	best := 0
	for i, c := range calls {
		call := c.Call
		switch {
		case app.named(call.Name, "Interface"):
			t, _ := call.Keyword("title")
			return param(call, 0, "fn"), param(call, 1, "inputs"), param(call, 2, "outputs"), t.Str, c.Line, true
		case app.named(call.Name, "ChatInterface"):
			return param(call, 0, "fn"), pysrc.Expr{Kind: pysrc.Str, Str: "chat"}, pysrc.Expr{}, "", c.Line, true
		}
		in := param(call, 1, "inputs")
		if app.named(call.Name, "on") {
			in = param(call, 2, "inputs")
		}
		n := len(app.resolveList(in, new([]string), 0, 0))
		click := strings.HasSuffix(call.Name, ".click")
		if n > best || n == best && n > 0 && click && !strings.HasSuffix(event.Call.Name, ".click") {
			event, best = &calls[i], n
		}
	}
	if event == nil {
		return fn, inputs, outputs, "", 0, false
	}
	shift := 0
	if app.named(event.Call.Name, "on") {
		shift = 1
	}
	c := event.Call
	return param(c, shift, "fn"), param(c, shift+1, "inputs"), param(c, shift+2, "outputs"), "", event.Line, true
}

// param returns a call's argument by keyword, else by position.
func param(call pysrc.Expr, pos int, key string) pysrc.Expr {
	if v, ok := call.Keyword(key); ok {
		return v
	}
	if ps := call.Positional(); pos < len(ps) {
		return ps[pos]
	}
	return pysrc.Expr{}
}

// resolveList turns inputs=/outputs= into component calls (or string
// shortcuts like "image"), following names bound to components or lists.
func (app *gradioApp) resolveList(e pysrc.Expr, warns *[]string, line, depth int) []pysrc.Expr {
	if depth > 8 {
		return nil
	}
	switch e.Kind {
	case pysrc.List, pysrc.Tuple, pysrc.Set:
		var out []pysrc.Expr
		for _, el := range e.Elems {
			out = append(out, app.resolveList(el, warns, line, depth+1)...)
		}
		return out
	case pysrc.Call, pysrc.Str:
		return []pysrc.Expr{e}
	case pysrc.Ident:
		if c, ok := app.components[e.Name]; ok {
			return []pysrc.Expr{c}
		}
		if b, ok := app.bindings[e.Name]; ok && (b.Kind == pysrc.List || b.Kind == pysrc.Tuple) {
			return app.resolveList(b, warns, line, depth+1)
		}
		*warns = append(*warns, fmt.Sprintf("%s:%d: cannot tell which component %q is; add it by hand", app.f.Path, line, e.Name))
	case pysrc.None:
	default:
		if e.Text != "" {
			*warns = append(*warns, fmt.Sprintf("%s:%d: cannot read components %q statically; add them by hand", app.f.Path, line, shorten(e.Text)))
		}
	}
	return nil
}

// componentKind is "Image" for gr.Image(...), gr.inputs.Image(...) or "image".
func componentKind(e pysrc.Expr) string {
	if e.Kind == pysrc.Str {
		return shortcuts[strings.ToLower(e.Str)]
	}
	return e.Name[strings.LastIndex(e.Name, ".")+1:]
}

// shortcuts are Interface's string forms of components.
var shortcuts = map[string]string{"text": "Textbox", "textbox": "Textbox", "textarea": "Textbox",
	"image": "Image", "sketchpad": "Image", "audio": "Audio", "microphone": "Audio", "video": "Video",
	"file": "File", "files": "File", "number": "Number", "slider": "Slider", "checkbox": "Checkbox",
	"dropdown": "Dropdown", "radio": "Radio", "json": "JSON", "label": "Label", "html": "HTML",
	"gallery": "Gallery", "dataframe": "Dataframe", "model3d": "Model3D", "chat": "Textbox",
	"highlightedtext": "HighlightedText", "markdown": "Markdown", "plot": "Plot", "state": "State"}
