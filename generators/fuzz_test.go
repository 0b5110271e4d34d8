package generators

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/cogport/cogport/plan"
)

// hostilePlan is a plan whose every free-text field carries s: what a
// stranger's model card, node title or repository could put there.
func hostilePlan(s string) *plan.Plan {
	return &plan.Plan{
		Recipe: "diffusers-text-to-image", Task: "text-to-image", Library: "diffusers", Template: "diffusers_text_to_image",
		Source:  plan.Source{Kind: "hf", ID: "org/" + s, SHA: "0123456789abcdef0123456789abcdef01234567", URL: "https://huggingface.co/org/" + s},
		Title:   s,
		Summary: s,
		License: plan.License{ID: s, Name: s, Link: "https://example.com/" + s},
		Inputs: []plan.Input{
			{Name: "prompt", Type: "str", Default: s, Description: "Prompt " + s},
			{Name: "width", Type: "int", Default: int64(512), Description: s + " width", Ge: plan.F(256), Le: plan.F(1024)},
			{Name: "height", Type: "int", Default: int64(512), Description: "height", Ge: plan.F(256), Le: plan.F(1024)},
			{Name: "style", Type: "str", Default: s, Description: "style", Choices: []any{s, s + "2"}},
			{Name: "seed", Type: "int", Optional: true, Description: "seed"},
			{Name: "output_format", Type: "str", Default: "png", Description: "format", Choices: []any{"png", "jpg"}},
		},
		Output:        plan.Output{Type: "list[Path]", Description: s},
		PythonVersion: "3.12", GPU: true, CUDA: "12.9",
		Requirements: []plan.Requirement{{Name: "torch", Version: "2.8.0"}},
		Weights: plan.Weights{Strategy: "pget", Repo: "org/" + s, Revision: "0123456789abcdef0123456789abcdef01234567", Dir: "weights",
			Files: []plan.WeightFile{{Path: "unet/" + s + ".safetensors", Size: 10, URL: "https://huggingface.co/" + s}}},
		Vars: map[string]any{"PipelineClass": "StableDiffusionPipeline", "Dtype": "float16", "Variant": "fp16" + s, "SizeMultiple": int64(8),
			"LoadArgs": []string{"model_dir"}, "CallArgs": []string{"prompt=prompt"}, "Purpose": "Predictor", "Doc": "Generate."},
		Tests: []plan.TestCase{{Inputs: map[string]any{"prompt": s}, Checker: "match_prompt", Expect: s}},
		Model: "acme/model", TestHardware: "gpu-l40s", PredictTimeout: 600,
		Warnings: []string{s},
	}
}

// shape reduces a rendered package to its structure: Python ASTs with every
// string constant replaced, YAML key trees, and shell syntax. Text from a
// stranger may change strings, never structure.
type shape struct {
	python string
	yaml   map[string]any
}

func packageShape(t *testing.T, files []File) shape {
	t.Helper()
	dir := t.TempDir()
	var sh shape
	sh.yaml = map[string]any{}
	for _, f := range files {
		p := filepath.Join(dir, f.Path)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, f.Body, 0o755)
		switch {
		case strings.HasSuffix(f.Path, ".yaml"):
			var doc any
			if err := yaml.Unmarshal(f.Body, &doc); err != nil {
				t.Fatalf("%s is not YAML: %v\n%s", f.Path, err, f.Body)
			}
			sh.yaml[f.Path] = keys(doc)
		case strings.HasPrefix(f.Path, "script/"):
			if out, err := exec.Command("bash", "-n", p).CombinedOutput(); err != nil {
				t.Fatalf("%s is not valid bash: %s\n%s", f.Path, out, f.Body)
			}
		}
	}
	out, err := exec.Command("python3", "-c", astShape, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("generated Python does not parse: %s", out)
	}
	sh.python = string(out)
	return sh
}

// astShape dumps each top-level .py file's AST with string constants blanked.
const astShape = `
import ast, glob, os, sys
class Blank(ast.NodeTransformer):
    def visit_Constant(self, node):
        if isinstance(node.value, str):
            return ast.copy_location(ast.Constant("S"), node)
        return node
    def visit_JoinedStr(self, node):
        return ast.copy_location(ast.Constant("S"), node)
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.py"))):
    tree = Blank().visit(ast.parse(open(path, encoding="utf-8").read(), path))
    print(os.path.basename(path), ast.dump(tree))
`

// keys keeps a YAML document's mapping keys and list lengths, not its scalars.
func keys(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			out[k] = keys(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = keys(x[i])
		}
		return out
	}
	return nil
}

// FuzzRender feeds arbitrary text into every free-text field of a plan: the
// package must still parse (Python, YAML, bash) and keep the structure of a
// package rendered from harmless text. Seeds: testdata/fuzz/FuzzRender.
func FuzzRender(f *testing.F) {
	if _, err := exec.LookPath("python3"); err != nil {
		f.Skip("python3 is needed to parse the generated Python")
	}
	for _, s := range hostile {
		f.Add(s)
	}
	r, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	render := func(t *testing.T, s string) []File {
		files, err := r.Render(hostilePlan(s))
		if err != nil {
			t.Fatalf("render: %v", err)
		}
		return files
	}
	baseline := packageShape(&testing.T{}, mustRender(f, r, "benign"))
	f.Fuzz(func(t *testing.T, s string) {
		got := packageShape(t, render(t, s))
		if got.python != baseline.python {
			t.Errorf("text %q changed the structure of the generated Python", s)
		}
		if !reflect.DeepEqual(got.yaml, baseline.yaml) {
			t.Errorf("text %q changed the keys of a generated YAML file:\n%v\nwant\n%v", s, got.yaml, baseline.yaml)
		}
		for _, file := range render(t, s) {
			if bytes.Contains(file.Body, []byte{0}) {
				t.Errorf("%s holds a NUL byte", file.Path)
			}
		}
	})
}

func mustRender(f *testing.F, r *Renderer, s string) []File {
	files, err := r.Render(hostilePlan(s))
	if err != nil {
		f.Fatal(err)
	}
	return files
}
