package githubcmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/internal/buildinfo"
	"github.com/cogport/cogport/internal/refresh"
	"github.com/cogport/cogport/internal/testenv"
	"github.com/cogport/cogport/lint"
)

func TestCloneBecomesRepositoryPlusCogFiles(t *testing.T) {
	files := goldenInput(t, "github-argparse")
	repo := newGitRepo(t, files)
	out := filepath.Join(t.TempDir(), "pkg")
	r := run(t, nil, repo.url(), "-o", out, "-q")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	// The repository's files are all there, unchanged, except the
	// requirements.txt cogport pins; README.md stays the repository's.
	for p, content := range files {
		if p == "requirements.txt" {
			continue
		}
		if got := readFile(t, filepath.Join(out, p)); got != content {
			t.Errorf("%s changed in the package", p)
		}
	}
	reqs := readFile(t, filepath.Join(out, "requirements.txt"))
	for _, line := range strings.Split(strings.TrimSpace(reqs), "\n") {
		if !strings.HasPrefix(line, "#") && !regexp.MustCompile(`^[a-z0-9-]+==[0-9][0-9a-z.]*$`).MatchString(line) {
			t.Errorf("requirements.txt line %q is not name==version", line)
		}
	}
	if !strings.Contains(readFile(t, filepath.Join(out, "README.cog.md")), "cogport") {
		t.Error("README.cog.md is not the package README")
	}
	prov := provenance(t, out)
	if prov.Source.Kind != "git" || prov.Source.SHA != repo.head() {
		t.Errorf("provenance source %+v, want git at %s", prov.Source, repo.head())
	}
	if _, ok := prov.Files["inference.py"]; ok {
		t.Error("the repository's own inference.py is recorded as generated")
	}
	if rec := prov.Files["README.md"]; rec.Policy != generators.SkipIfExists {
		t.Errorf("README.md recorded as %q, want skip-if-exists", rec.Policy)
	}
	testenv.Referee(t, out)
	lintClean(t, out)
}

func TestRefreshKeepsTheRepositoryFiles(t *testing.T) {
	repo := newGitRepo(t, goldenInput(t, "github-gradio"))
	out := filepath.Join(t.TempDir(), "pkg")
	if r := run(t, nil, repo.url(), "-o", out, "-q"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	prov, p, err := refresh.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	rend, err := generators.Load()
	if err != nil {
		t.Fatal(err)
	}
	res, err := refresh.Compute(out, prov, p, rend, buildinfo.Version)
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed() || len(res.Conflicts) > 0 {
		t.Errorf("a refresh right after generation changes files: %+v", res.Changes)
	}
	for _, c := range res.Changes {
		if c.Path == "README.md" && c.Kind != refresh.KeptUser {
			t.Errorf("refresh would %s the repository's README.md", c.Kind)
		}
	}
}

func TestAtRefPinsTheCommit(t *testing.T) {
	repo := newGitRepo(t, goldenInput(t, "github-pyproject"))
	repo.git(repo.work, "tag", "v1")
	repo.git(repo.work, "push", "-q", repo.bare, "v1")
	out := filepath.Join(t.TempDir(), "pkg")
	r := run(t, nil, repo.url()+"@v1", "-o", out, "-q", "--model", "me/tts")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	prov := provenance(t, out)
	if prov.Source.SHA != repo.head() || prov.Answers["model"] != "me/tts" || prov.Answers["entry"] != "src/tinytts/cli.py" {
		t.Errorf("provenance %+v %v", prov.Source, prov.Answers)
	}
}

func TestAlreadyCogIsRefusedUnlessForced(t *testing.T) {
	files := goldenInput(t, "github-argparse")
	files["cog.yaml"] = "build:\n  gpu: false\n  python_version: \"3.11\"\npredict: \"predict.py:Predictor\"\n"
	files["predict.py"] = "from cog import BasePredictor\n\n\nclass Predictor(BasePredictor):\n    def predict(self) -> str:\n        return \"hi\"\n"
	repo := newGitRepo(t, files)
	out := filepath.Join(t.TempDir(), "pkg")
	r := run(t, nil, repo.url(), "-o", out, "-q")
	if r.code != 1 || !strings.Contains(r.stderr, "already a Cog package") || !strings.Contains(r.stderr, "cogport lint") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a refused package was written")
	}
	r = run(t, nil, repo.url(), "-o", out, "-q", "--force")
	if r.code != 0 {
		t.Fatalf("--force: exit %d: %s", r.code, r.stderr)
	}
	for _, p := range []string{"cog.yaml", "predict.py"} {
		if readFile(t, filepath.Join(out, p)) != files[p] {
			t.Errorf("--force overwrote the repository's %s", p)
		}
		if _, err := os.Stat(filepath.Join(out, ".cogport", "pristine", p)); err != nil {
			t.Errorf("cogport's %s is not kept for comparison: %v", p, err)
		}
	}
}

func TestScriptNamedPredictIsRefused(t *testing.T) {
	files := goldenInput(t, "github-argparse")
	files["predict.py"] = files["inference.py"]
	repo := newGitRepo(t, files)
	for _, force := range []string{"", "--force"} {
		args := []string{repo.url(), "-o", filepath.Join(t.TempDir(), "pkg"), "-q"}
		if force != "" {
			args = append(args, force)
		}
		r := run(t, nil, args...)
		if r.code != 1 || !strings.Contains(r.stderr, "not a Cog predictor") || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
			t.Errorf("%s: exit %d, stderr %q: want one line about predict.py", force, r.code, r.stderr)
		}
	}
}

func TestFolderSourceIsChangedInPlace(t *testing.T) {
	dir := t.TempDir()
	files := goldenInput(t, "github-argparse")
	writeFiles(t, dir, files)
	r := run(t, nil, dir, "-q")
	if r.code != 1 || !strings.Contains(r.stderr, "--force") || !strings.Contains(r.stderr, "requirements.txt") {
		t.Fatalf("in place without --force: exit %d, %q", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "cog.yaml")); err == nil {
		t.Fatal("a refused run wrote cog.yaml")
	}
	if r = run(t, nil, dir, "-q", "--force"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if readFile(t, filepath.Join(dir, "README.md")) != files["README.md"] || readFile(t, filepath.Join(dir, "inference.py")) != files["inference.py"] {
		t.Error("the repository's own files changed")
	}
	if !strings.Contains(readFile(t, filepath.Join(dir, "requirements.txt")), "torch==2.5.1") {
		t.Error("requirements.txt was not pinned")
	}
	if _, err := os.Stat(filepath.Join(dir, "predict.py")); err != nil {
		t.Error(err)
	}
	// A second run meets cogport's own files: refresh is the way.
	r = run(t, nil, dir, "-q")
	if r.code != 1 || !strings.Contains(r.stderr, "template refresh") {
		t.Errorf("second run: exit %d, %q", r.code, r.stderr)
	}
}

func TestBadSourcesFailCleanly(t *testing.T) {
	noPython := newGitRepo(t, map[string]string{"README.md": "# Just docs\n"})
	big := newGitRepo(t, map[string]string{"app.py": "print('hi')\n", "blob.bin": strings.Repeat("x", 2<<20)})
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing repository", []string{"file://" + filepath.Join(t.TempDir(), "nope.git")}, 1, "not found"},
		{"no python", []string{noPython.url()}, 1, "no Python"},
		{"too large", []string{big.url(), "--max-size", "1"}, 1, "--max-size"},
		{"not a source", []string{"a/b/c"}, 2, "owner/repo"},
		{"missing ref", []string{noPython.url() + "@nope"}, 1, "nope"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "pkg")
			r := run(t, nil, append(c.args, "-o", out, "-q")...)
			if r.code != c.code || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, stderr %q: want exit %d mentioning %q", r.code, r.stderr, c.code, c.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Error("a failed run left an output folder")
			}
		})
	}
}

func TestDryRunJSONWritesNothingAndHidesTheToken(t *testing.T) {
	repo := newGitRepo(t, goldenInput(t, "github-gradio"))
	out := filepath.Join(t.TempDir(), "pkg")
	const token = "ghp_SECRETsecretSECRET0123456789abcd"
	r := run(t, map[string]string{"GITHUB_TOKEN": token}, repo.url(), "-o", out, "--dry-run", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep struct {
		Recipe    string   `json:"recipe"`
		Files     []string `json:"files"`
		RepoFiles int      `json:"repo_files"`
		Kept      []string `json:"kept"`
		DryRun    bool     `json:"dry_run"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("--json is not JSON: %v\n%s", err, r.stdout)
	}
	if rep.Recipe != "github-gradio" || !rep.DryRun || rep.RepoFiles == 0 || len(rep.Kept) != 1 || !contains(rep.Files, "predict.py") {
		t.Errorf("report %+v", rep)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("--dry-run wrote the package")
	}
	if strings.Contains(r.stdout+r.stderr, token) {
		t.Error("the token was printed")
	}
	if !strings.Contains(r.stderr, "cloning") {
		t.Errorf("no progress on stderr: %q", r.stderr)
	}
}

func TestEntryFlagPicksAnotherCandidate(t *testing.T) {
	repo := newGitRepo(t, goldenInput(t, "github-argparse"))
	r := run(t, nil, repo.url(), "--entry", "train.py", "--dry-run", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"Script": "train.py"`) {
		t.Errorf("exit %d: %s %s", r.code, r.stderr, r.stdout)
	}
	r = run(t, nil, repo.url(), "--entry", "nope.py", "--dry-run")
	if r.code != 1 || !strings.Contains(r.stderr, "inference.py") {
		t.Errorf("unknown --entry: exit %d, %q", r.code, r.stderr)
	}
}

func provenance(t *testing.T, dir string) generators.Provenance {
	t.Helper()
	var prov generators.Provenance
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, generators.ProvenancePath))), &prov); err != nil {
		t.Fatal(err)
	}
	return prov
}

func lintClean(t *testing.T, dir string) {
	t.Helper()
	rep, err := lint.Lint(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		t.Errorf("cogport lint: %s:%d: %s: %s", f.File, f.Line, f.Rule, f.Message)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
