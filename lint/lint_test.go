package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// casePackage builds a package in a temporary folder: testdata/clean, minus
// the files in remove, with testdata/broken/<name> laid over it.
func casePackage(t *testing.T, name string, remove ...string) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, filepath.Join("testdata", "clean"), dir)
	for _, r := range remove {
		if err := os.RemoveAll(filepath.Join(dir, r)); err != nil {
			t.Fatal(err)
		}
	}
	if name != "" {
		copyTree(t, filepath.Join("testdata", "broken", name), dir)
	}
	return dir
}

// copyTree copies files keeping their modes (script/ needs its x bits).
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, body, info.Mode().Perm()); err != nil {
			return err
		}
		return os.Chmod(dst, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// locations renders findings as "file:line rule" for comparison.
func locations(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.File + ":" + strconv.Itoa(f.Line) + " " + f.Rule
	}
	return out
}

func TestCleanPackageLintsClean(t *testing.T) {
	r, err := Lint(filepath.Join("testdata", "clean"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 0 {
		t.Errorf("the clean package has findings:\n%s", strings.Join(locations(r.Findings), "\n"))
	}
}

func TestLintErrors(t *testing.T) {
	if _, err := Lint(filepath.Join("testdata", "nope")); err == nil {
		t.Error("Lint of a missing directory should fail")
	}
	if _, err := Lint(filepath.Join("testdata", "clean", "cog.yaml")); err == nil {
		t.Error("Lint of a file should fail")
	}
}

const safePushConfig = "cog-safe-push-configs/default.yaml"

var brokenCases = []struct {
	name   string
	remove []string
	want   []string
}{
	{name: "cogyaml-keys", want: []string{
		"cog.yaml:3 cog-yaml-unknown-key",    // gpus
		"cog.yaml:6 cog-yaml-deprecated-key", // pre_install
		"cog.yaml:8 cog-yaml-legacy-key",     // fast
		"cog.yaml:9 cog-yaml-newer-key",      // sdk_version next to predict:
		"cog.yaml:12 cog-yaml-unknown-key",   // build.run[].mount
		"cog.yaml:14 cog-yaml-unknown-key",   // predictor
		"cog.yaml:16 cog-config-error",       // concurrency without max
		"cog.yaml:17 cog-yaml-unknown-key",   // concurrency.maximum
	}},
	{name: "python-packages", want: []string{
		"cog.yaml:4 cog-yaml-deprecated-key",
		"cog.yaml:6 requirements-unpinned",
	}},
	{name: "python-version-unquoted", want: []string{"cog.yaml:3 python-version-unquoted"}},
	{name: "python-version-patch", want: []string{"cog.yaml:3 python-version-unpinned"}},
	{name: "requirements", want: []string{
		"requirements.txt:4 requirements-unpinned",
		"requirements.txt:5 requirements-unpinned",
		"requirements.txt:6 requirements-unpinned",
		"requirements.txt:7 requirements-url-unpinned",
		"requirements.txt:8 requirements-url-unpinned",
	}},
	{name: "torch-unknown", want: []string{"requirements.txt:1 torch-unknown-version"}},
	{name: "cuda-outside-row", want: []string{
		"cog.yaml:3 cuda-outside-torch-row",
		"requirements.txt:2 torch-companion-mismatch",
	}},
	{name: "inputs", remove: []string{safePushConfig}, want: []string{
		"predict.py:13 input-no-description",
		"predict.py:14 input-credential-not-secret",
		"predict.py:17 input-bounds-non-numeric",
		"predict.py:18 input-choices-with-bounds",
		"predict.py:19 input-float-choices",
		"predict.py:20 input-too-few-choices",
		"predict.py:21 input-default-not-in-choices",
		"predict.py:22 input-default-out-of-bounds",
		"predict.py:23 input-default-out-of-bounds",
		"predict.py:24 input-default-out-of-bounds",
		"predict.py:25 input-default-out-of-bounds",
	}},
	{name: "source", remove: []string{safePushConfig}, want: []string{
		"predict.py:21 input-bound-not-literal",
		"predict.py:26 input-bound-not-literal",
		"predict.py:28 optional-path-union",
		"predict.py:29 input-default-getenv",
		"predict.py:31 heavy-work-in-predict",
		"predict.py:33 heavy-work-in-predict",
		"predict.py:34 heavy-work-in-predict",
	}},
	{name: "bytes-output", remove: []string{safePushConfig}, want: []string{"predict.py:13 output-bytes"}},
	{name: "schema-error", remove: []string{safePushConfig}, want: []string{"predict.py:8 schema-error"}},
	{name: "python-syntax", remove: []string{safePushConfig}, want: []string{"predict.py:9 python-syntax"}},
	{name: "run-and-predict", want: []string{
		"cog.yaml:5 run-and-predict",
		"cog.yaml:5 safe-push-needs-predict",
	}},
	{name: "run-with-safe-push", remove: []string{"predict.py"}, want: []string{
		"cog.yaml:5 safe-push-needs-predict",
		"run.py:8 run-and-predict",
	}},
	{name: "safe-push", want: []string{
		"cog-safe-push-configs/broken.yml:3 safe-push-syntax",
		"cog-safe-push-configs/default.yaml:1 safe-push-model-name",
		"cog-safe-push-configs/default.yaml:6 safe-push-unknown-key",
		"cog-safe-push-configs/default.yaml:8 safe-push-multiple-checkers",
		"cog-safe-push-configs/default.yaml:11 safe-push-unknown-input",
		"cog-safe-push-configs/default.yaml:16 safe-push-mapping-input",
		"cog-safe-push-configs/default.yaml:18 safe-push-unknown-key",
		"cog-safe-push-configs/default.yaml:23 safe-push-fuzz-overlap",
		"cog-safe-push-configs/default.yaml:25 safe-push-unknown-key",
	}},
	{name: "build-context", remove: []string{safePushConfig, "script/push"}, want: []string{
		".dockerignore:0 dockerignore-git",
		".dockerignore:0 dockerignore-cache", // an existing .cache/ folder
		"predict.py:8 dockerignore-cache",    // HF_HOME under /src
		"predict.py:9 dockerignore-cache",    // TORCH_HOME, relative
		"predict.py:16 dockerignore-cache",   // cache_dir=
		"script/push:0 script-missing",
		"script/test:0 script-not-executable",
	}},
	{name: "", remove: []string{".dockerignore"}, want: []string{".dockerignore:0 dockerignore-missing"}},
	{name: "", remove: []string{"cog.yaml"}, want: []string{"cog.yaml:0 cog-yaml-missing"}},
	{name: "", remove: []string{"predict.py"}, want: []string{"cog.yaml:6 schema-error"}},
	{name: "train", want: []string{
		"cog-safe-push-configs/train.yaml:8 safe-push-unknown-input",
		"train.py:8 input-no-description",
	}},
	{name: "cog-stderr", remove: []string{safePushConfig}, want: []string{"cog.yaml:3 cog-stderr-warning"}},
	{name: "yaml-syntax", want: []string{"cog.yaml:4 cog-yaml-syntax"}},
	{name: "no-entrypoint", want: []string{"cog.yaml:0 entrypoint-missing"}},
}

func TestBrokenPackages(t *testing.T) {
	for _, tc := range brokenCases {
		name := tc.name
		if name == "" {
			name = "without " + strings.Join(tc.remove, ",")
		}
		t.Run(name, func(t *testing.T) {
			p, err := Load(casePackage(t, tc.name, tc.remove...))
			if err != nil {
				t.Fatal(err)
			}
			got := locations(p.Run(AllChecks()).Findings)
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
			assertDeclared(t, p)
		})
	}
}

// assertDeclared runs each check alone and checks that its findings use the
// rules it declares, with their severity, a message and a fix.
func assertDeclared(t *testing.T, p *Package) {
	t.Helper()
	for _, c := range AllChecks() {
		for _, f := range p.Run([]Check{c}).Findings {
			i := slices.IndexFunc(c.Rules, func(r Rule) bool { return r.ID == f.Rule })
			switch {
			case i < 0:
				t.Errorf("check %s reports undeclared rule %s", c.ID, f.Rule)
			case c.Rules[i].Severity != f.Severity:
				t.Errorf("%s: severity %s, declared %s", f.Rule, f.Severity, c.Rules[i].Severity)
			case f.Message == "" || f.Fix == "" || f.File == "":
				t.Errorf("%s: incomplete finding %+v", f.Rule, f)
			}
		}
	}
}

func TestRuleRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range AllChecks() {
		if c.ID == "" || c.Run == nil || len(c.Rules) == 0 {
			t.Errorf("check %q is incomplete", c.ID)
		}
		for _, r := range c.Rules {
			if seen[r.ID] {
				t.Errorf("rule %s declared twice", r.ID)
			}
			seen[r.ID] = true
			if r.Summary == "" || (r.Severity != Error && r.Severity != Warning) {
				t.Errorf("rule %+v is incomplete", r)
			}
			if strings.Trim(r.ID, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
				t.Errorf("rule id %q is not kebab-case", r.ID)
			}
		}
	}
	// every rule is exercised by a broken package
	tested := map[string]bool{}
	for _, tc := range brokenCases {
		for _, w := range tc.want {
			tested[w[strings.LastIndex(w, " ")+1:]] = true
		}
	}
	for _, r := range Rules() {
		if !tested[r.ID] && !untestedByPackages[r.ID] {
			t.Errorf("no broken package triggers %s", r.ID)
		}
	}
}

// untestedByPackages are rules whose trigger needs something a testdata
// package cannot hold; other tests cover them.
var untestedByPackages = map[string]bool{
	"cog-config-warning": true, // cog v0.22 deprecates nothing else; TestConfigWarning
}
