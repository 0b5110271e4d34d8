package github

import (
	"errors"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/sources/github/pydeps"
)

// repo is a small argparse repository's facts, as the source adapter
// reports them; tests change what they study.
func repo() *facts.Repo {
	return &facts.Repo{
		Source: "/tmp/colorizer", LocalDir: "/tmp/colorizer",
		Files: []facts.RepoFile{{Path: "infer.py"}, {Path: "README.md"}, {Path: "LICENSE"}, {Path: "examples/cat.png"}},
		Dependencies: []facts.RepoDependency{
			{Name: "torch", Specifier: "==2.5.1", Pinned: true, Version: "2.5.1", From: "requirements.txt:1"},
			{Name: "pillow", Specifier: "==10.4.0", Pinned: true, Version: "10.4.0", From: "requirements.txt:2"},
		},
		Torch:   &facts.RepoTorch{Specifier: "==2.5.1", Version: "2.5.1", From: "requirements.txt:1"},
		Imports: []string{"PIL", "torch"},
		Readme:  &facts.RepoReadme{Path: "README.md", Title: "Colorizer", Summary: "Colors photos."},
		EntryPoints: []facts.RepoEntryPoint{{
			Path: "infer.py", Kind: "argparse",
			Args: []facts.RepoScriptArg{
				{Flags: []string{"--image"}, Dest: "image", Required: true},
				{Flags: []string{"--out"}, Dest: "out", Default: "results"},
				{Flags: []string{"--steps"}, Dest: "steps", Type: "int", Default: int64(20)},
			},
			Inputs: []facts.RepoInput{
				{Name: "image", Type: "Path", Role: "input", Flag: "--image", Dest: "image", Required: true,
					Description: "Photo to color", Example: "examples/cat.png"},
				{Name: "out", Type: "Path", Role: "output", Flag: "--out", Dest: "out", Description: "Output folder"},
				{Name: "steps", Type: "int", Role: "input", Flag: "--steps", Dest: "steps", Default: int64(20),
					Description: "Steps", Example: "30"},
			},
		}},
	}
}

func build(t *testing.T, r *facts.Repo, o Options) *plan.Plan {
	t.Helper()
	if o.Python == nil {
		o.Python = pydeps.ChoosePython
	}
	p, err := Build(r, o)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func requirement(p *plan.Plan, name string) string {
	for _, r := range p.Requirements {
		if r.Name == name {
			return r.Version
		}
	}
	return ""
}

func warned(p *plan.Plan, s string) bool {
	for _, w := range p.Warnings {
		if strings.Contains(w, s) {
			return true
		}
	}
	return false
}

func TestScriptPlan(t *testing.T) {
	p := build(t, repo(), Options{})
	if p.Recipe != RecipeScript || p.Template != "github_script" || p.Output.Type != "list[Path]" {
		t.Errorf("recipe %s template %s output %s", p.Recipe, p.Template, p.Output.Type)
	}
	if p.Source.Kind != "github-local" || p.Source.ID != "colorizer" || p.Model != "your-username/colorizer" {
		t.Errorf("source %+v model %s: a local folder is named by its base name", p.Source, p.Model)
	}
	if !p.GPU || p.CUDA != "12.4" || requirement(p, "torch") != "2.5.1" || requirement(p, "pillow") != "10.4.0" {
		t.Errorf("gpu %v cuda %s requirements %v", p.GPU, p.CUDA, p.Requirements)
	}
	if len(p.Inputs) != 2 || p.Inputs[0].Name != "image" || !p.Inputs[0].Required() || p.Inputs[1].Default != int64(20) {
		t.Errorf("inputs %+v", p.Inputs)
	}
	if p.Tests != nil {
		t.Errorf("a local repository has no URL for examples/cat.png, yet tests %+v", p.Tests)
	}
	extra := p.Vars["ExtraFiles"].([]string)
	if len(extra) != 2 || extra[1] != ReadmeCopy+"=README.md.tmpl" {
		t.Errorf("extra files %v", extra)
	}
}

func TestGitHubExamplesBecomeRawURLs(t *testing.T) {
	r := repo()
	r.Owner, r.Name, r.LocalDir, r.SHA = "Acme", "Color.izer", "", strings.Repeat("a", 40)
	p := build(t, r, Options{})
	want := "https://raw.githubusercontent.com/Acme/Color.izer/" + r.SHA + "/examples/cat.png"
	if len(p.Tests) != 1 || p.Tests[0].Inputs["image"] != want || p.Tests[0].Inputs["steps"] != int64(30) {
		t.Errorf("tests %+v", p.Tests)
	}
	if p.Model != "acme/color.izer" || p.Source.URL != "https://github.com/Acme/Color.izer/tree/"+r.SHA {
		t.Errorf("model %s source %+v", p.Model, p.Source)
	}
}

func TestTorchRows(t *testing.T) {
	cases := []struct {
		pin, spec, torch, vision, python, warn string
	}{
		{pin: "2.5.1", torch: "2.5.1", vision: "0.20.1", python: "3.12"},
		{pin: "2.12.0", torch: "2.11.0", vision: "0.26.0", python: "3.12", warn: "not a release cog v0.22 knows"},
		{pin: "1.7.1", torch: "1.11.0", vision: "0.12.0", python: "3.10", warn: "nearest one, torch 1.11.0"},
		{pin: "2.1.0", torch: "2.1.0", vision: "0.16.0", python: "3.11"},
		{spec: ">=1.7,<2", torch: "1.13.1", vision: "0.14.1", python: "3.10", warn: "torch>=1.7,<2 pinned to 1.13.1"},
		{spec: "", torch: "2.11.0", vision: "0.26.0", python: "3.12", warn: "does not pin torch"},
	}
	for _, c := range cases {
		r := repo()
		d := facts.RepoDependency{Name: "torch", Specifier: c.spec, From: "requirements.txt:1"}
		r.Torch = &facts.RepoTorch{Specifier: c.spec, From: "requirements.txt:1", Vision: "==0.1.0"}
		if c.pin != "" {
			d.Specifier, d.Pinned, d.Version = "=="+c.pin, true, c.pin
			r.Torch.Version = c.pin
		}
		r.Dependencies = []facts.RepoDependency{d, {Name: "torchvision", Specifier: "==0.1.0", Pinned: true, Version: "0.1.0"}}
		p := build(t, r, Options{})
		if requirement(p, "torch") != c.torch || requirement(p, "torchvision") != c.vision || p.PythonVersion != c.python {
			t.Errorf("%s%s: torch %s vision %s python %s, want %s %s %s", c.pin, c.spec, requirement(p, "torch"),
				requirement(p, "torchvision"), p.PythonVersion, c.torch, c.vision, c.python)
		}
		if c.warn != "" && !warned(p, c.warn) {
			t.Errorf("%s%s: no warning %q in %q", c.pin, c.spec, c.warn, p.Warnings)
		}
		if !warned(p, "torchvision==0.1.0 replaced by torchvision=="+c.vision) {
			t.Errorf("%s%s: the replaced torchvision pin is not reported: %q", c.pin, c.spec, p.Warnings)
		}
	}
}

func TestRequirementsArePinnedOrLeftOut(t *testing.T) {
	r := repo()
	r.Torch, r.Imports = nil, []string{"PIL", "yaml", "mystery"}
	r.Dependencies = []facts.RepoDependency{
		{Name: "pillow", Specifier: "==10.4.0", Pinned: true, Version: "10.4.0"},
		{Name: "numpy", Specifier: ">=1.24"},
		{Name: "scipy"},
		{Name: "scipy", Specifier: "==1.14.1", Pinned: true, Version: "1.14.1", Group: "gpu", From: "requirements-gpu.txt:1"},
		{Name: "pyyaml"},
		{Name: "tqdm"},
		{Name: "transformers", Extras: []string{"torch"}, Specifier: "<5"},
		{Name: "pywin32", Marker: `sys_platform == "win32"`},
		{Name: "mylib", URL: "git+https://github.com/o/mylib.git@0123456789abcdef0123456789abcdef01234567", Pinned: true, Line: "git+https://github.com/o/mylib.git@0123456789abcdef0123456789abcdef01234567"},
		{Name: "colorizer", URL: ".", Editable: true},
	}
	p := build(t, r, Options{Locked: map[string]string{"pyyaml": "6.0.2"}, LockFrom: "uv.lock"})
	want := map[string]string{"pillow": "10.4.0", "numpy": "2.5.2", "scipy": "1.14.1", "pyyaml": "6.0.2", "transformers": ""}
	for name, v := range want {
		if got := requirement(p, name); got != v {
			t.Errorf("%s pinned %q, want %q", name, got, v)
		}
	}
	for _, name := range []string{"tqdm", "pywin32", "mylib", "colorizer", "torch"} {
		if requirement(p, name) != "" {
			t.Errorf("%s was pinned", name)
		}
	}
	if p.GPU {
		t.Error("a repository without torch is a GPU package")
	}
	for _, w := range []string{"scipy==1.14.1 (requirements-gpu.txt:1)", "pyyaml==6.0.2 (uv.lock)", "numpy==2.5.2: pinned from cogport's known-good set",
		"tqdm, transformers<5 left out", "mylib (", "extras dropped from transformers[torch]", "imports mystery, which no requirement names"} {
		if !warned(p, w) {
			t.Errorf("no warning %q in\n%s", w, strings.Join(p.Warnings, "\n"))
		}
	}
}

func TestPythonFollowsTheRepositoryAndTorch(t *testing.T) {
	r := repo()
	r.Python = []facts.RepoVersionHint{{Spec: ">=3.8,<3.12", From: "pyproject.toml"}}
	if p := build(t, r, Options{}); p.PythonVersion != "3.11" {
		t.Errorf("python %s, want 3.11", p.PythonVersion)
	}
	r.Python = []facts.RepoVersionHint{{Spec: "<3.9", From: "setup.py"}}
	p := build(t, r, Options{})
	if p.PythonVersion != "3.12" || !warned(p, "no Python that cog builds") {
		t.Errorf("python %s warnings %q", p.PythonVersion, p.Warnings)
	}
}

func TestNoEntryPointIsAnError(t *testing.T) {
	r := repo()
	r.EntryPoints = []facts.RepoEntryPoint{{Path: "app.py", Kind: "gradio", Func: "lambda x: model(x)"}}
	_, err := Build(r, Options{})
	if !errors.Is(err, ErrNoEntryPoint) || !strings.Contains(err.Error(), "not a named function") {
		t.Errorf("err = %v", err)
	}
	r.EntryPoints = nil
	if _, err := Build(r, Options{}); !errors.Is(err, ErrNoEntryPoint) || !strings.Contains(err.Error(), "by hand") {
		t.Errorf("err = %v", err)
	}
	r = repo()
	if _, err := Build(r, Options{Entry: "nope.py"}); !errors.Is(err, ErrNoEntryPoint) || !strings.Contains(err.Error(), "infer.py") {
		t.Errorf("--entry nope.py: err = %v", err)
	}
}

func TestUnwrappableGradioFallsBackToTheNextCandidate(t *testing.T) {
	r := repo()
	app := facts.RepoEntryPoint{Path: "app.py", Kind: "gradio", Func: "lambda x: x"}
	r.EntryPoints = append([]facts.RepoEntryPoint{app}, r.EntryPoints...)
	p := build(t, r, Options{})
	if p.Vars["Script"] != "infer.py" || !warned(p, "app.py was ranked higher but cannot be wrapped") {
		t.Errorf("script %v warnings %q", p.Vars["Script"], p.Warnings)
	}
}

func TestGradioPlan(t *testing.T) {
	r := repo()
	r.EntryPoints = []facts.RepoEntryPoint{{Path: "demo/app.py", Kind: "gradio", Func: "restore", Outputs: []string{"Image"},
		Inputs: []facts.RepoInput{
			{Name: "image", Type: "Path", Role: "input", Dest: "image", Required: true, Description: "Photo"},
			{Name: "mode", Type: "str", Role: "input", Dest: "mode", Default: "c", Choices: []any{"a", "b"}, Description: "Mode"},
		}}}
	p := build(t, r, Options{})
	if p.Recipe != RecipeGradio || p.Output.Type != "Path" || p.Vars["App"] != "demo/app.py" || p.Vars["Handler"] != "restore" {
		t.Errorf("plan %s %s %v", p.Recipe, p.Output.Type, p.Vars)
	}
	if len(p.Inputs[1].Choices) != 0 || !warned(p, "not among the choices") {
		t.Errorf("a default outside the choices: %+v %q", p.Inputs[1], p.Warnings)
	}
	if requirement(p, "gradio") != "" || !warned(p, "gradio left out") {
		t.Errorf("an unpinned gradio must be left out and named: %v", p.Requirements)
	}
	for _, c := range []struct {
		kinds []string
		typ   string
	}{{[]string{"Textbox"}, "str"}, {[]string{"Image", "File"}, "list[Path]"}, {nil, "list[Path]"}, {[]string{"Audio"}, "Path"}} {
		if _, typ, _ := gradioOutput(c.kinds); typ != c.typ {
			t.Errorf("outputs %v → %s, want %s", c.kinds, typ, c.typ)
		}
	}
}

func TestInputNamesStayClearOfPredictPy(t *testing.T) {
	r := repo()
	ep := &r.EntryPoints[0]
	ep.Inputs = append(ep.Inputs,
		facts.RepoInput{Name: "args", Type: "str", Role: "input", Flag: "--args", Dest: "args", Description: "x"},
		facts.RepoInput{Name: "output", Type: "str", Role: "input", Flag: "--output-name", Dest: "output", Description: "y"},
		facts.RepoInput{Name: "args_", Type: "str", Role: "input", Flag: "--args_", Dest: "args_", Description: "z"},
		facts.RepoInput{Name: "scale", Type: "float", Role: "input", Flag: "--scale", Dest: "scale", Default: 9.0,
			Ge: plan.F(0), Le: plan.F(4), Description: "s"},
	)
	p := build(t, r, Options{})
	var names []string
	for _, in := range p.Inputs {
		names = append(names, in.Name)
	}
	if got := strings.Join(names, ","); got != "image,steps,args_,output_,args__2,scale" {
		t.Errorf("names %s", got)
	}
	if in, _ := p.InputNamed("scale"); in.Ge != nil || !warned(p, "outside its bounds") {
		t.Errorf("bounds that exclude the default must go: %+v", in)
	}
}
