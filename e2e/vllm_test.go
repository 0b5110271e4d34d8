//go:build runtime

package e2e_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/e2e"
)

// vllmGoldens are the golden packages of the vLLM engine: a chat model
// (predict), a Mistral-tokenizer model and a gated one, and the run: API.
var vllmGoldens = []string{"prod-vllm-gated", "prod-vllm-mistral", "prod-vllm-run"}

// TestVLLMPackagesInstall checks what can be checked of a vLLM package
// without a GPU: its requirements resolve for its Python, install exactly
// beside cog, its entry module imports (vllm, its engine and tokenizer
// classes included) and cog's schema generator reads its signature. vLLM
// cannot start an engine on CPU, so nothing is served. The first run
// downloads several GB of CUDA wheels: give it -timeout 30m.
func TestVLLMPackagesInstall(t *testing.T) {
	requireTools(t)
	for _, name := range vllmGoldens {
		t.Run(name, func(t *testing.T) {
			dir := copyTree(t, filepath.Join("..", "golden", "testdata", name, "want"))
			pkg, err := e2e.ReadPackage(dir)
			if err != nil {
				t.Fatal(err)
			}
			file, class, ok := strings.Cut(pkg.Predict, ":")
			if !ok || pkg.PythonVersion == "" {
				t.Fatalf("cog.yaml has no python_version or entry (%q)", pkg.Predict)
			}
			python, module := pkg.PythonVersion, strings.TrimSuffix(file, ".py")
			reqs := filepath.Join(dir, "requirements.txt")
			if log, err := e2e.Resolve(reqs, python); err != nil {
				t.Fatalf("%v\n%s", err, log)
			}
			py, err := e2e.FindPython(python)
			if err != nil {
				t.Fatal(err)
			}
			v, log, err := e2e.EnsureVenv(py, []string{reqs}, "cog=="+e2e.CogVersion, "coglet=="+e2e.CogVersion)
			if err != nil {
				t.Fatalf("installing the package's requirements: %v\n%s", err, log)
			}
			cmd := exec.Command(v.Python(), "-c", "import "+module+"; print("+module+"."+class+".__name__)")
			cmd.Dir = dir
			// No Hub: importing must not reach the network.
			cmd.Env = append(e2e.ServerEnv(v, nil), "HF_HUB_OFFLINE=1", "HF_HOME="+t.TempDir())
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.HasSuffix(strings.TrimSpace(string(out)), class) {
				t.Fatalf("import %s: %v\n%s", module, err, out)
			}
			t.Logf("import %s on CPU:\n%s", module, out)
			if err := e2e.WriteSchema(dir); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// copyTree copies a folder of plain files into a new temporary folder.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(filepath.Dir(src)))
	err := filepath.Walk(src, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}
