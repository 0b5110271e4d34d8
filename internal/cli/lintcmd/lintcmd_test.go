package lintcmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func execute(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := NewCmd(&out, &errOut)
	cmd.SetArgs(args)
	err := cmd.Execute()
	if errOut.Len() > 0 {
		t.Errorf("stderr: %s", errOut.String())
	}
	return out.String(), err
}

func TestLintClean(t *testing.T) {
	clean := filepath.Join("..", "..", "..", "lint", "testdata", "clean")
	out, err := execute(t, clean)
	if err != nil || !strings.HasSuffix(out, ": 0 errors, 0 warnings\n") {
		t.Errorf("clean package: %v\n%s", err, out)
	}
}

func TestLintErrorsExitNonZero(t *testing.T) {
	dir := t.TempDir()
	yaml := "build:\n  python_version: \"3.12\"\npredictor: \"predict.py:Predictor\"\n"
	if err := os.WriteFile(filepath.Join(dir, "cog.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := execute(t, dir)
	if !errors.Is(err, ErrFindings) {
		t.Errorf("error = %v, want ErrFindings", err)
	}
	if !strings.Contains(out, "cog.yaml:3: cog-yaml-unknown-key:") || !strings.Contains(out, `did you mean "predict"?`) {
		t.Errorf("text output:\n%s", out)
	}
	out, err = execute(t, "--json", dir)
	var rep struct{ Errors int }
	if jerr := json.Unmarshal([]byte(out), &rep); jerr != nil || rep.Errors == 0 || !errors.Is(err, ErrFindings) {
		t.Errorf("--json: %v %v\n%s", err, jerr, out)
	}
}

func TestLintMissingDir(t *testing.T) {
	if _, err := execute(t, filepath.Join(t.TempDir(), "nope")); err == nil || errors.Is(err, ErrFindings) {
		t.Errorf("a missing directory should be a plain error, got %v", err)
	}
}

func TestRules(t *testing.T) {
	out, err := execute(t, "--rules")
	if err != nil || !strings.Contains(out, "cog-yaml-unknown-key") || !strings.Contains(out, "warning") {
		t.Errorf("--rules: %v\n%s", err, out)
	}
}
