package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// TinyDir is the folder of the tiny-model makers: make.py and one
// requirements-<stack>.txt per library stack.
func TinyDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "tiny")
}

// MakerVenv is the environment the makers of a stack run in, made from
// tiny/requirements-<stack>.txt with Python 3.12.
func MakerVenv(stack string) (Venv, string, error) {
	py, err := FindPython("3.12")
	if err != nil {
		return Venv{}, "", err
	}
	return EnsureVenv(py, []string{filepath.Join(TinyDir(), "requirements-"+stack+".txt")})
}

// MakeTiny returns the folder of the tiny model kind, made by
// `python make.py KIND DIR` in the stack's environment on first use and
// cached under a key of the maker's source and requirements.
func MakeTiny(stack, kind string) (string, error) {
	v, log, err := MakerVenv(stack)
	if err != nil {
		return "", fmt.Errorf("%w\n%s", err, log)
	}
	key, err := tinyKey(stack, kind)
	if err != nil {
		return "", err
	}
	cache, err := CacheDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cache, "models", kind+"-"+key)
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	// Made in a scratch folder and renamed into place, so an interrupted
	// run never leaves a half-made model in the cache.
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	scratch, err := os.MkdirTemp(filepath.Dir(dir), ".making-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(scratch)
	made := filepath.Join(scratch, "model")
	cmd := exec.Command(v.Python(), filepath.Join(TinyDir(), "make.py"), kind, made)
	cmd.Env = append(os.Environ(), "HF_HUB_OFFLINE=1", "TOKENIZERS_PARALLELISM=false")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("make.py %s: %w\n%s", kind, err, out)
	}
	if err := os.Rename(made, dir); err != nil && !os.IsExist(err) {
		return "", err
	}
	return dir, nil
}

func tinyKey(stack, kind string) (string, error) {
	h := sha256.New()
	makers, _ := filepath.Glob(filepath.Join(TinyDir(), "make*.py"))
	reqs, _ := filepath.Glob(filepath.Join(TinyDir(), "requirements-*.txt"))
	files := append(makers, reqs...)
	// Every maker file counts: make.py may import its siblings.
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\n%s\n", filepath.Base(f), b)
	}
	fmt.Fprintf(h, "%s %s", stack, kind)
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}
