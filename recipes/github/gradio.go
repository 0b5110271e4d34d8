package github

import (
	"fmt"
	"path"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// textOutputs are Gradio components that show a string.
var textOutputs = map[string]bool{"Textbox": true, "Text": true, "TextArea": true, "Markdown": true,
	"HTML": true, "Code": true}

// fileOutputs are Gradio components that show one file.
var fileOutputs = map[string]bool{"Image": true, "Audio": true, "Video": true, "File": true, "Model3D": true}

// gradioPlan wraps a Gradio app by importing it and calling its handler:
// the app's module-level code (where apps load their model) runs once in
// setup(), and each prediction is one call, as a click in the app is.
func gradioPlan(p *plan.Plan, r *facts.Repo, ep facts.RepoEntryPoint) error {
	p.Recipe, p.Template, p.Task = RecipeGradio, templateGradio, "gradio-app"
	ins := planInputs(p, ep)
	names := make([]string, len(ins))
	for i, m := range ins {
		p.Inputs = append(p.Inputs, m.in)
		names[i] = m.in.Name
	}
	p.Vars["App"] = scriptPath(ep.Path)
	p.Vars["AppDir"] = path.Dir(scriptPath(ep.Path))
	p.Vars["Handler"] = ep.Func
	p.Vars["Values"] = names
	p.Vars["Purpose"] = "Cog predictor"
	mode, typ, what := gradioOutput(ep.Outputs)
	p.Vars["Output"] = mode
	p.Vars["Doc"] = fmt.Sprintf("Call %s of %s with the inputs and return %s.", ep.Func, scriptPath(ep.Path), what)
	p.Output = plan.Output{Type: typ, Description: "What the app's handler returned"}
	p.Tests = testCases(p, r, ins)
	for _, w := range noteChoice(r, ep) {
		p.Warn(w)
	}
	if len(ep.Outputs) == 0 {
		p.Warn(fmt.Sprintf("%s: cogport could not read the handler's output components; predict() saves whatever it returns as files", ep.Path))
	}
	return nil
}

// gradioOutput maps the handler's output components to predict()'s return.
func gradioOutput(kinds []string) (mode, typ, what string) {
	switch {
	case len(kinds) == 1 && textOutputs[kinds[0]]:
		return "text", "str", "its text"
	case len(kinds) == 1 && fileOutputs[kinds[0]]:
		return "file", "Path", "its " + kinds[0] + " as a file"
	}
	return "files", "list[Path]", "its outputs as files"
}
