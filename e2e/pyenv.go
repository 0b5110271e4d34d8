package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// CogVersion is the cog release generated packages target: the version
// their CI workflow installs. Its Python SDK (cog) and server (coglet) go
// into every package environment beside the package's own requirements, as
// `cog build` puts them into the image.
const CogVersion = "0.22.0"

// CacheDir is where the stage keeps what is slow to make: virtual
// environments and tiny models, keyed by what they were made from.
// COGPORT_E2E_CACHE overrides it; by default it is ~/.cache/cogport-e2e.
func CacheDir() (string, error) {
	if dir := os.Getenv("COGPORT_E2E_CACHE"); dir != "" {
		return dir, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding a cache folder: %w", err)
	}
	return filepath.Join(base, "cogport-e2e"), nil
}

// FindPython returns an interpreter for version ("3.12"): python3.12 on
// PATH, else one under pyenv's versions folder. Virtual environments are
// made from it; uv is never allowed to download one (the machine reaches
// package registries only).
func FindPython(version string) (string, error) {
	if p, err := exec.LookPath("python" + version); err == nil {
		if exec.Command(p, "--version").Run() == nil {
			return p, nil
		}
	}
	root := os.Getenv("PYENV_ROOT")
	if root == "" {
		home, _ := os.UserHomeDir()
		root = filepath.Join(home, ".pyenv")
	}
	matches, _ := filepath.Glob(filepath.Join(root, "versions", version+".*", "bin", "python"+version))
	sort.Strings(matches)
	if len(matches) == 0 {
		return "", fmt.Errorf("no python%s: install it (pyenv install %s, or the distribution's package)", version, version)
	}
	return matches[len(matches)-1], nil
}

// Venv is a virtual environment made by uv.
type Venv struct {
	Dir string
}

// Python is the environment's interpreter.
func (v Venv) Python() string { return filepath.Join(v.Dir, "bin", "python") }

// Bin is the environment's bin folder, first on PATH for what runs in it:
// coglet starts its worker as "python" from PATH.
func (v Venv) Bin() string { return filepath.Join(v.Dir, "bin") }

// venvLocks serialises the making of one environment within this process.
var venvLocks sync.Map

// EnsureVenv returns the environment for python and requirements, making it
// when the cache lacks it: `uv venv`, then `uv pip install -r requirements`
// for each file, exactly as written, plus extra requirement strings. The
// key is the interpreter's version and every requirement's text, so a
// package whose pins change gets a new environment; files come hard-linked
// from uv's cache, so each costs little disk.
func EnsureVenv(python string, reqFiles []string, extra ...string) (Venv, string, error) {
	key, err := venvKey(python, reqFiles, extra)
	if err != nil {
		return Venv{}, "", err
	}
	cache, err := CacheDir()
	if err != nil {
		return Venv{}, "", err
	}
	v := Venv{Dir: filepath.Join(cache, "venvs", key)}
	mu, _ := venvLocks.LoadOrStore(key, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	done := filepath.Join(v.Dir, ".cogport-complete")
	if _, err := os.Stat(done); err == nil {
		return v, "", nil
	}
	log, err := makeVenv(v, python, reqFiles, extra)
	if err != nil {
		return Venv{}, log, err
	}
	return v, log, os.WriteFile(done, nil, 0o644)
}

func venvKey(python string, reqFiles, extra []string) (string, error) {
	out, err := exec.Command(python, "-c", "import sys; print(sys.version)").Output()
	if err != nil {
		return "", fmt.Errorf("running %s: %w", python, err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "python %s\n", out)
	for _, f := range reqFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", fmt.Errorf("reading requirements: %w", err)
		}
		fmt.Fprintf(h, "file\n%s\n", b)
	}
	fmt.Fprintf(h, "extra %s\n", strings.Join(extra, " "))
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// makeVenv builds v from scratch; a half-made one from an interrupted run is
// removed first.
func makeVenv(v Venv, python string, reqFiles, extra []string) (string, error) {
	if err := os.RemoveAll(v.Dir); err != nil {
		return "", err
	}
	var log strings.Builder
	if err := uv(&log, "venv", "--quiet", "--python", python, v.Dir); err != nil {
		return log.String(), err
	}
	args := []string{"pip", "install", "--python", v.Python()}
	for _, f := range reqFiles {
		args = append(args, "-r", f)
	}
	args = append(args, extra...)
	if err := uv(&log, args...); err != nil {
		return log.String(), err
	}
	return log.String(), nil
}

// uv runs uv with downloads of Python interpreters forbidden.
func uv(log *strings.Builder, args ...string) error {
	cmd := exec.Command("uv", args...)
	cmd.Env = append(os.Environ(), "UV_PYTHON_DOWNLOADS=never")
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("uv %s: %w", args[0]+" "+args[1], err)
	}
	return nil
}

// Resolve checks that requirements resolve for pythonVersion with
// `uv pip compile --python-version`, as cog's build would need them to; it
// returns uv's output, which names the conflict when there is one.
func Resolve(reqFile, pythonVersion string) (string, error) {
	var log strings.Builder
	cmd := exec.Command("uv", "pip", "compile", "--quiet", "--python-version", pythonVersion, "--output-file", os.DevNull, reqFile)
	cmd.Env = append(os.Environ(), "UV_PYTHON_DOWNLOADS=never")
	cmd.Stdout, cmd.Stderr = &log, &log
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return log.String(), fmt.Errorf("requirements do not resolve for Python %s", pythonVersion)
	}
	return log.String(), err
}
