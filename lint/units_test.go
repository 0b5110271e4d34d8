package lint

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/replicate/cog/pkg/config"
)

func TestRenderText(t *testing.T) {
	r := Report{Dir: "out/pkg", Findings: []Finding{
		{Rule: "cog-yaml-unknown-key", Severity: Error, File: "cog.yaml", Line: 7, Message: `unknown key "predictor"`, Fix: `did you mean "predict"?`},
		{Rule: "dockerignore-missing", Severity: Warning, File: ".dockerignore", Message: "the package has no .dockerignore"},
	}}
	var buf bytes.Buffer
	if err := RenderText(&buf, r); err != nil {
		t.Fatal(err)
	}
	want := `out/pkg/cog.yaml:7: cog-yaml-unknown-key: unknown key "predictor" (fix: did you mean "predict"?)
out/pkg/.dockerignore: dockerignore-missing: warning: the package has no .dockerignore
out/pkg: 1 error, 1 warning
`
	if buf.String() != want {
		t.Errorf("RenderText:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestRenderJSON(t *testing.T) {
	r, err := Lint(casePackage(t, "", ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := RenderJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Errors, Warnings int
		Findings         []Finding
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, buf.String())
	}
	if got.Errors != 0 || got.Warnings != 1 || len(got.Findings) != 1 || got.Findings[0].Rule != "dockerignore-missing" {
		t.Errorf("JSON report %+v", got)
	}
	for _, key := range []string{`"rule"`, `"severity": "warning"`, `"file": ".dockerignore"`, `"fix"`} {
		if !strings.Contains(buf.String(), key) {
			t.Errorf("JSON lacks %s:\n%s", key, buf.String())
		}
	}
	buf.Reset()
	if err := RenderJSON(&buf, Report{Dir: "x"}); err != nil || !strings.Contains(buf.String(), `"findings": []`) {
		t.Errorf("an empty report must list no findings as []: %s", buf.String())
	}
}

func TestParseRequirement(t *testing.T) {
	for _, tc := range []struct {
		line          string
		skip          bool
		name, version string
		url           bool
	}{
		{line: "", skip: true},
		{line: "# comment", skip: true},
		{line: "--extra-index-url https://download.pytorch.org/whl/cu128", skip: true},
		{line: "-r other.txt", skip: true},
		{line: "torch==2.8.0", name: "torch", version: "2.8.0"},
		{line: "Pillow == 12.0.0  # images", name: "pillow", version: "12.0.0"},
		{line: "transformers[torch]==4.57.3", name: "transformers", version: "4.57.3"},
		{line: `accelerate==1.15.0; python_version >= "3.10"`, name: "accelerate", version: "1.15.0"},
		{line: "torch==2.7.1+cu128", name: "torch", version: "2.7.1+cu128"},
		{line: "sentence_transformers==6.0.1", name: "sentence-transformers", version: "6.0.1"},
		{line: "diffusers>=0.36", name: "diffusers"},
		{line: "numpy==2.*", name: "numpy"},
		{line: "numpy", name: "numpy"},
		{line: "git+https://github.com/a/b.git@0123abc", url: true},
		{line: "b @ https://example.com/b.zip", name: "b", url: true},
	} {
		r, ok := parseRequirement(tc.line)
		if ok == tc.skip || (ok && (r.Name != tc.name || r.Version != tc.version || r.URL != tc.url)) {
			t.Errorf("parseRequirement(%q) = %+v, %v", tc.line, r, ok)
		}
	}
	for line, pinned := range map[string]bool{
		"git+https://github.com/a/b.git@0123abc":                           true,
		"git+https://github.com/a/b.git@main":                              false,
		"https://example.com/pkg-1.0-py3-none-any.whl":                     true,
		"https://example.com/pkg.tar.gz#sha256=" + strings.Repeat("a", 64): true,
		"https://example.com/pkg.tar.gz":                                   false,
	} {
		r, _ := parseRequirement(line)
		if got := len(judgeRequirement("requirements.txt", r)) == 0; got != pinned {
			t.Errorf("%q pinned = %v, want %v", line, got, pinned)
		}
	}
}

func TestTorchRows(t *testing.T) {
	cudas := func(v string) []string {
		var out []string
		for _, r := range torchRows(v) {
			out = append(out, *r.CUDA)
		}
		slices.Sort(out)
		return out
	}
	// DESIGN.md §1.3's table of the v0.22 matrix
	for v, want := range map[string][]string{
		"2.8.0":       {"12.6", "12.8", "12.9"},
		"2.11.0":      {"12.6", "12.8", "12.9", "13.0"},
		"2.7.1":       {"11.8", "12.6", "12.8"},
		"2.7.1+cu118": {"11.8"},
		"2.12.0":      nil,
		"2.15.0":      nil,
	} {
		if got := cudas(v); !slices.Equal(got, want) {
			t.Errorf("torchRows(%s) CUDAs = %v, want %v", v, got, want)
		}
	}
	known := knownTorches()
	if known[len(known)-1] != "2.11.0" {
		t.Errorf("newest known torch = %s, want 2.11.0 (DESIGN.md §10)", known[len(known)-1])
	}
}

func TestDockerignore(t *testing.T) {
	rules := parseDockerignore("# cog init\n**/.git\n/venv\n*.ckpt\nweights/\n!weights/keep.txt\ncache/**/tmp\n")
	for path, want := range map[string]bool{
		".git":             true,
		"sub/.git/HEAD":    true,
		"venv/lib/x.py":    true,
		"model.ckpt":       true,
		"sub/model.ckpt":   false, // * stays in one path element
		"weights/a.bin":    true,
		"weights/keep.txt": false,
		"cache/a/b/tmp/x":  true,
		"predict.py":       false,
		"model-cache":      false,
	} {
		if got := ignored(rules, path); got != want {
			t.Errorf("ignored(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestSuggestKey(t *testing.T) {
	for key, want := range map[string]string{
		"build|gpus":         "gpu",
		"|predictor":         "predict",
		"|gpu":               "build.gpu",
		"|python_version":    "build.python_version",
		"|completely_random": "",
	} {
		path, k, _ := strings.Cut(key, "|")
		if got := suggestKey(path, k); got != want {
			t.Errorf("suggestKey(%q, %q) = %q, want %q", path, k, got, want)
		}
	}
}

// TestConfigWarning feeds the config check a deprecation cog v0.22 does not
// emit yet: the check must report it, and keep the ones cogport wants.
func TestConfigWarning(t *testing.T) {
	p, err := Load(casePackage(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	p.ConfigWarnings = []config.DeprecationWarning{
		{Field: "predict", Replacement: "run"},
		{Field: "concurrency.max", Replacement: "@cog.concurrent(max=...)"},
		{Field: "build.python_requirements", Replacement: "build.uv_lock"},
	}
	got := locations(p.Run([]Check{cogConfigCheck()}).Findings)
	if want := []string{"cog.yaml:5 cog-config-warning"}; !slices.Equal(got, want) {
		t.Errorf("findings %v, want %v", got, want)
	}
}

// TestCogOutputCaptured checks that what cog prints while loading ends up
// in the package instead of on the terminal.
func TestCogOutputCaptured(t *testing.T) {
	p, err := Load(casePackage(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(p.CogSaid, func(s string) bool { return strings.Contains(s, "predict() is deprecated") }) {
		t.Errorf("cog's predict() deprecation was not captured: %q", p.CogSaid)
	}
}

func TestFoldSuggestsLiteral(t *testing.T) {
	f := parsePython("x.py", []byte("A = 2**32 - 1\nB = (A + 1) // 2\nC = -1.5\nD = A / 0\n"))
	consts := f.moduleAssignments()
	for name, want := range map[string]string{"A": "4294967295", "B": "2147483648", "C": "-1.5"} {
		v, ok := f.fold(consts[name], consts, 0)
		if !ok || literal(v) != want {
			t.Errorf("fold(%s) = %v %v, want %s", name, literal(v), ok, want)
		}
	}
	if _, ok := f.fold(consts["D"], consts, 0); ok {
		t.Error("division by zero should not fold")
	}
}

// BenchmarkLint lints the clean package: cog's config loader and schema
// generator, tree-sitter and every check.
func BenchmarkLint(b *testing.B) {
	for b.Loop() {
		if _, err := Lint("testdata/clean"); err != nil {
			b.Fatal(err)
		}
	}
}
