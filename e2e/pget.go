package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// PgetDir returns a folder holding a `pget` for packages that download
// their weights with it, and whether it is the real replicate/pget. The
// real one is used when COGPORT_E2E_PGET names it or one is on PATH;
// otherwise the stand-in in internal/pgetstandin is built (the Go module
// proxy refuses github.com/replicate/pget, and its releases live where this
// machine cannot reach).
func PgetDir() (dir string, real bool, err error) {
	if p := os.Getenv("COGPORT_E2E_PGET"); p != "" {
		return filepath.Dir(p), true, nil
	}
	if p, err := exec.LookPath("pget"); err == nil {
		return filepath.Dir(p), true, nil
	}
	cache, err := CacheDir()
	if err != nil {
		return "", false, err
	}
	dir = filepath.Join(cache, "pget-standin")
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "pget"), "./internal/pgetstandin")
	cmd.Dir = filepath.Dir(TinyDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", false, fmt.Errorf("building the pget stand-in: %w\n%s", err, out)
	}
	return dir, false, nil
}
