//go:build runtime

package e2e_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cogport/cogport/e2e"
	"github.com/cogport/cogport/internal/testenv"
)

// TestGoldenRequirementsResolve resolves every golden package's
// requirements.txt for the Python its cog.yaml names, as cog's build will
// need: a pin set that cannot resolve breaks every build of that family,
// including the families (vLLM, ComfyUI) whose packages cannot run here.
func TestGoldenRequirementsResolve(t *testing.T) {
	requireTools(t)
	wants, err := filepath.Glob(filepath.Join(testenv.RepoRoot(t), "golden", "testdata", "*", "want"))
	if err != nil || len(wants) == 0 {
		t.Fatalf("no golden cases found: %v", err)
	}
	for _, dir := range wants {
		name := filepath.Base(filepath.Dir(dir))
		if _, err := os.Stat(filepath.Join(dir, "requirements.txt")); err != nil {
			continue
		}
		t.Run(name, func(t *testing.T) {
			pkg, err := e2e.ReadPackage(dir)
			if err != nil {
				t.Fatal(err)
			}
			if log, err := e2e.Resolve(filepath.Join(dir, "requirements.txt"), pkg.PythonVersion); err != nil {
				t.Fatalf("%v\n%s", err, log)
			}
		})
	}
}
