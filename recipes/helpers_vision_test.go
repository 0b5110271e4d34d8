package recipes

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/internal/testenv"
	"github.com/cogport/cogport/plan"
)

// Sizes of the weights file in test models: runsOnCPU keeps the small one on
// CPU and sends the large one to a GPU.
const (
	smallWeights = 400_000_000
	largeWeights = 9_000_000_000
)

// hubModel is a Hub model as sources/hf reports it: library and task, the
// given configs (path → JSON), those files and a weights file of size bytes.
func hubModel(id, library, task string, bytes int64, configs map[string]string) *facts.Model {
	m := &facts.Model{
		ID: id, SHA: "0123456789abcdef0123456789abcdef01234567", Endpoint: "https://huggingface.co",
		LibraryName: library, PipelineTag: task, Configs: map[string][]byte{},
		Card: facts.Card{Meta: map[string]any{"license": "apache-2.0"}},
	}
	for path, body := range configs {
		m.Configs[path] = []byte(body)
		m.Files = append(m.Files, facts.File{Path: path, Size: int64(len(body))})
	}
	m.Files = append(m.Files, facts.File{Path: "model.safetensors", Size: bytes, LFS: true})
	if arch := cfg(m, "config.json", "architectures.0").String(); arch != "" {
		m.Config = []byte(`{"architectures":["` + arch + `"],"model_type":"` + cfg(m, "config.json", "model_type").String() + `"}`)
	}
	return m
}

// planFor builds the model's plan with the default registry and checks that
// the named recipe made it.
func planFor(t *testing.T, m *facts.Model, recipe string) *plan.Plan {
	t.Helper()
	p, err := Default().Build(m, Options{})
	if err != nil {
		t.Fatalf("%s: %v", m.ID, err)
	}
	if p.Recipe != recipe {
		t.Fatalf("%s: recipe %s, want %s", m.ID, p.Recipe, recipe)
	}
	return p
}

// refused checks that the model is refused as having no recipe, for the
// given reason.
func refused(t *testing.T, m *facts.Model, reason string) {
	t.Helper()
	_, err := Default().Build(m, Options{})
	if !errors.Is(err, ErrNoRecipe) || !strings.Contains(err.Error(), reason) {
		t.Fatalf("%s: got %v, want a no-recipe error saying %q", m.ID, err, reason)
	}
}

func hasRequirement(p *plan.Plan, name string) bool {
	for _, r := range p.Requirements {
		if r.Name == name {
			return true
		}
	}
	return false
}

// renderAndReferee writes the plan's package into a temporary folder and
// runs the referee (cogcheck, and black when installed) on it. The tests
// call it for the template branches the golden cases do not reach (gated
// and template-less VLMs, generative VQA, LayoutLM, ...).
func renderAndReferee(t *testing.T, p *plan.Plan) {
	t.Helper()
	r, err := generators.Load()
	if err != nil {
		t.Fatal(err)
	}
	files, err := r.Render(p)
	if err != nil {
		t.Fatalf("render %s: %v", p.Recipe, err)
	}
	dir := t.TempDir()
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Body, os.FileMode(f.Mode)); err != nil {
			t.Fatal(err)
		}
	}
	testenv.Referee(t, dir)
}
