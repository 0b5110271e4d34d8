package golden

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/recipes"
)

// hostileModels are Hugging Face models whose every free-text fact
// carries s: what a stranger's model card or repository could put there.
// One per recipe family, so that every predict template is exercised.
func hostileModels(s string) map[string]*facts.Model {
	card := facts.Card{
		Meta: map[string]any{"license": s, "license_name": s, "license_link": "https://x/" + s, "library_name": s},
		Body: s, Title: s, Summary: s, Prompts: []string{s},
		Settings: map[string]any{"variant": s, "torch_dtype": s, "num_inference_steps": int64(4), "max_new_tokens": int64(9)},
	}
	widgets := []facts.Widget{{Text: s, Src: "https://example.com/" + s, Title: s}}
	file := func(p string, size int64) facts.File { return facts.File{Path: p, Size: size} }
	model := func(lib, tag string, cfg string, configs map[string][]byte, files ...facts.File) *facts.Model {
		return &facts.Model{ID: "org/model", SHA: "0123456789abcdef0123456789abcdef01234567", Endpoint: "https://huggingface.co",
			LibraryName: lib, PipelineTag: tag, Config: []byte(cfg), Card: card, Widgets: widgets, Configs: configs,
			Files: append(files, file("README.md", 10))}
	}
	return map[string]*facts.Model{
		"sdxl": model("diffusers", "text-to-image", `{"diffusers":{"_class_name":"StableDiffusionXLPipeline"}}`,
			map[string][]byte{"model_index.json": []byte(`{"_class_name":"StableDiffusionXLPipeline","unet":["diffusers","UNet2DConditionModel"]}`)},
			file("model_index.json", 100), file("unet/config.json", 10), file("unet/diffusion_pytorch_model.safetensors", 100)),
		"llm": model("transformers", "text-generation", `{"architectures":["LlamaForCausalLM"],"tokenizer_config":{"chat_template":"x"}}`,
			map[string][]byte{"config.json": []byte(`{"max_position_embeddings":4096}`)},
			file("config.json", 10), file("model.safetensors", 100)),
		"asr": model("transformers", "automatic-speech-recognition", `{"architectures":["WhisperForConditionalGeneration"]}`,
			map[string][]byte{"config.json": []byte(`{"model_type":"whisper","vocab_size":51865}`)},
			file("config.json", 10), file("model.safetensors", 100)),
		"embeddings": model("sentence-transformers", "sentence-similarity", `{}`, nil,
			file("modules.json", 10), file("config.json", 10), file("model.safetensors", 100)),
	}
}

func renderModel(t *testing.T, r *generators.Renderer, m *facts.Model) []generators.File {
	t.Helper()
	p, err := recipes.Default().Build(m, recipes.Options{})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	files, err := r.Render(p)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return files
}

// shape reduces a rendered package to its structure: Python ASTs with every
// string constant replaced, YAML key trees, and shell syntax. Text from a
// stranger may change strings, never structure.
type shape struct {
	python string
	yaml   map[string]any
}

func packageShape(t *testing.T, files []generators.File) shape {
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

// FuzzRender feeds arbitrary text into every free-text fact of a model, for
// every recipe family: each package must still parse (Python, YAML, bash),
// hold no NUL byte, and keep the structure of a package made from harmless
// text. Seeds: testdata/fuzz/FuzzRender.
func FuzzRender(f *testing.F) {
	if _, err := exec.LookPath("python3"); err != nil {
		f.Skip("python3 is needed to parse the generated Python")
	}
	for _, s := range []string{`quote " and ' both`, "new\nline", `back\slash`, "{{ .Evil }}", "$(rm -rf /)", "`id`",
		"key: value\nother: 1", "# comment", "nul\x00byte", "café 東京 🚀", `"""`, "- list", "!!python/object", "\u2028"} {
		f.Add(s)
	}
	r, err := generators.Load()
	if err != nil {
		f.Fatal(err)
	}
	baseline := map[string]shape{}
	for name, m := range hostileModels("benign") {
		baseline[name] = packageShape(&testing.T{}, renderModel(&testing.T{}, r, m))
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, m := range hostileModels(s) {
			files := renderModel(t, r, m)
			got := packageShape(t, files)
			if got.python != baseline[name].python {
				t.Errorf("%s: text %q changed the structure of the generated Python", name, s)
			}
			if !reflect.DeepEqual(got.yaml, baseline[name].yaml) {
				t.Errorf("%s: text %q changed the keys of a generated YAML file", name, s)
			}
			for _, file := range files {
				if bytes.Contains(file.Body, []byte{0}) {
					t.Errorf("%s: %s holds a NUL byte", name, file.Path)
				}
			}
		}
	})
}
