package recipes

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/internal/testenv"
	"github.com/cogport/cogport/plan"
)

// renderPackage renders p through the real generators into a fresh folder
// and runs the referee (cogcheck and black) on it; it returns predict.py.
func renderPackage(t *testing.T, p *plan.Plan) string {
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
	if keep := os.Getenv("COGPORT_KEEP_RENDERS"); keep != "" {
		// For a human reviewing generated packages by eye.
		dir = filepath.Join(keep, strings.ReplaceAll(t.Name(), "/", "_"))
		_ = os.RemoveAll(dir)
	}
	var predict string
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Body, os.FileMode(f.Mode)); err != nil {
			t.Fatal(err)
		}
		if f.Path == "predict.py" {
			predict = string(f.Body)
		}
	}
	testenv.Referee(t, dir)
	return predict
}

// testModel is a hand-written Hub model: info fields plus the fetched
// configs, with one weight file of the given size.
type testModel struct {
	id, task, library string
	arch, modelType   string
	weightBytes       int64
	configs           map[string]string
	tags              []string
	gated             string
	files             []string
}

func (tm testModel) model() *facts.Model {
	m := &facts.Model{ID: tm.id, SHA: strings.Repeat("ab", 20), Endpoint: "https://huggingface.co",
		PipelineTag: tm.task, LibraryName: tm.library, Tags: tm.tags, Gated: tm.gated, Configs: map[string][]byte{}}
	info := map[string]any{}
	if tm.arch != "" {
		info["architectures"] = []string{tm.arch}
	}
	if tm.modelType != "" {
		info["model_type"] = tm.modelType
	}
	m.Config, _ = json.Marshal(info)
	for name, body := range tm.configs {
		m.Configs[name] = []byte(body)
		m.Files = append(m.Files, facts.File{Path: name, Size: int64(len(body))})
	}
	for _, name := range tm.files {
		if !m.HasFile(name) {
			m.Files = append(m.Files, facts.File{Path: name, Size: 100})
		}
	}
	if tm.weightBytes > 0 {
		m.Files = append(m.Files, facts.File{Path: "model.safetensors", Size: tm.weightBytes, LFS: true, SHA256: strings.Repeat("cd", 32)})
	}
	return m
}

// build selects the recipe the default registry picks for m and plans it.
func buildPlan(t *testing.T, m *facts.Model, o Options) *plan.Plan {
	t.Helper()
	p, err := Default().Build(m, o)
	if err != nil {
		t.Fatalf("build %s: %v", m.ID, err)
	}
	return p
}
