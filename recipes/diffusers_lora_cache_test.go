package recipes

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/templates"
)

// TestLoraCacheModule renders lora_cache.py and runs it, with python3,
// against a fake Hub and file server on 127.0.0.1 (testdata/lora_cache_check.py):
// every URL form, the cache, tar and data: handling, refusals and eviction.
func TestLoraCacheModule(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("skipping: python3 is not installed")
	}
	set, err := templates.Load(generators.Funcs(), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, err := set.Execute("lora_cache.py.tmpl", &plan.Plan{Source: plan.Source{ID: "acme/model"}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "lora_cache.py"), body, 0o644); err != nil {
		t.Fatal(err)
	}
	check, err := filepath.Abs(filepath.Join("testdata", "lora_cache_check.py"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, check, dir)
	cmd.Env = append(os.Environ(), "HF_TOKEN=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("lora_cache_check.py: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
