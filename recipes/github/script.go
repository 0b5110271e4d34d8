package github

import (
	"fmt"
	"path"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// scriptPlan wraps an argparse or click script. It runs as a subprocess,
// once per prediction: facts give its command line, not a function that
// takes the parsed arguments, and a subprocess runs the script exactly as
// its README does. The cost is a model reload per prediction.
func scriptPlan(p *plan.Plan, r *facts.Repo, ep facts.RepoEntryPoint) error {
	p.Recipe, p.Template, p.Task = RecipeScript, templateScript, "script"
	ins := planInputs(p, ep)
	for _, m := range ins {
		p.Inputs = append(p.Inputs, m.in)
	}
	cmd, pythonPath := command(r, ep)
	p.Vars["Command"] = cmd
	p.Vars["PythonPath"] = pythonPath
	p.Vars["Script"] = scriptPath(ep.Path)
	p.Vars["Purpose"] = "Cog predictor"
	out := outputs(p, ep)
	args := cliArgs(p, ep, ins, out.mode)
	if ep.Kind == "script" {
		args = append(args, usageArgs(ep)...)
	}
	p.Vars["Args"] = args
	p.Vars["Output"] = out.mode
	p.Vars["OutputFile"] = out.file
	p.Vars["Doc"] = fmt.Sprintf("Run %s on the inputs%s.", scriptPath(ep.Path), out.doc)
	p.Output = plan.Output{Type: out.typ, Description: out.describe}
	p.Tests = testCases(p, r, ins)
	for _, w := range noteChoice(r, ep) {
		p.Warn(w)
	}
	p.Warn(fmt.Sprintf("%s runs as a subprocess, which loads the model again for every prediction; move its model loading into setup() for speed",
		scriptPath(ep.Path)))
	return nil
}

// command is how Python starts the script: "-m module" for a package's
// module (its relative imports need it), else the file; pythonPath is
// "src" for a src layout.
func command(r *facts.Repo, ep facts.RepoEntryPoint) ([]string, string) {
	if ep.Usage != nil && ep.Usage.Module != "" {
		return []string{"-m", ep.Usage.Module}, srcDir(r, ep.Usage.Module)
	}
	if mod := packageModule(r, ep.Path); mod != "" {
		return []string{"-m", mod}, srcDir(r, mod)
	}
	return []string{scriptPath(ep.Path)}, ""
}

// packageModule is the dotted module of a file inside a package ("pkg/cli.py"
// → "pkg.cli", "src/pkg/cli.py" → "pkg.cli"), or "" for a plain script.
func packageModule(r *facts.Repo, file string) string {
	dir := path.Dir(file)
	if dir == "." || !r.HasRepoFile(path.Join(dir, "__init__.py")) {
		return ""
	}
	mod := strings.TrimSuffix(file, ".py")
	mod = strings.TrimPrefix(mod, "src/")
	if !dottedName.MatchString(strings.ReplaceAll(mod, "/", ".")) {
		return ""
	}
	return strings.ReplaceAll(mod, "/", ".")
}

func srcDir(r *facts.Repo, module string) string {
	top := strings.SplitN(module, ".", 2)[0]
	for _, f := range r.Files {
		if strings.HasPrefix(f.Path, "src/"+top+"/") || f.Path == "src/"+top+".py" {
			return "src"
		}
	}
	return ""
}

// outputShape says what predict() returns.
type outputShape struct {
	mode, file, typ, describe, doc string
}

// outputs decides the return: a single file when the script writes one
// named output, the files of a temporary folder otherwise, and the
// script's printed output when it takes no output location.
func outputs(p *plan.Plan, ep facts.RepoEntryPoint) outputShape {
	var outs []facts.RepoInput
	for _, in := range ep.Inputs {
		if in.Role == "output" {
			outs = append(outs, in)
		}
	}
	switch {
	case len(outs) == 0:
		p.Warn(fmt.Sprintf("%s takes no output location: predict() returns what it prints; if it writes files, return them by hand", ep.Path))
		return outputShape{mode: "stdout", typ: "str", describe: "What the script printed", doc: " and return what it prints"}
	case len(outs) == 1 && outputFile(outs[0]) != "":
		return outputShape{mode: "file", file: outputFile(outs[0]), typ: "Path", describe: "The file the script wrote",
			doc: " and return the file it writes"}
	}
	return outputShape{mode: "dir", typ: "list[Path]", describe: "The files the script wrote", doc: " and return the files it writes"}
}

// outputFile is the file name an output argument names ("example.wav"),
// or "" for a folder.
func outputFile(in facts.RepoInput) string {
	cands := []string{in.Example}
	if s, ok := in.Default.(string); ok {
		cands = append(cands, s)
	}
	for _, c := range cands {
		base := path.Base(strings.TrimSpace(c))
		ext := path.Ext(base)
		if ext != "" && ext != base && len(ext) <= 6 && safeFileName(base) {
			return base
		}
	}
	return ""
}

func safeFileName(s string) bool {
	for _, r := range s {
		if !(r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// usageArgs are a bare script's arguments from its usage command, kept as
// written: cogport could not read their meaning.
func usageArgs(ep facts.RepoEntryPoint) []map[string]any {
	if ep.Usage == nil {
		return nil
	}
	var out []map[string]any
	for _, a := range ep.Usage.Args {
		out = append(out, map[string]any{"kind": "const", "flag": "", "value": a})
	}
	return out
}
