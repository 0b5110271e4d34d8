package githubcmd

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/testenv"
)

// gitRepo is a repository built on the fly: a work tree and a bare clone
// that go-git fetches from over file:// (git-upload-pack), as from GitHub.
type gitRepo struct {
	t          *testing.T
	work, bare string
}

func newGitRepo(t *testing.T, files map[string]string) *gitRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed; file:// clones need git-upload-pack")
	}
	dir := t.TempDir()
	r := &gitRepo{t: t, work: filepath.Join(dir, "work"), bare: filepath.Join(dir, "model.git")}
	r.git(dir, "init", "-q", "-b", "main", r.work)
	writeFiles(t, r.work, files)
	r.git(r.work, "add", "-A")
	r.git(r.work, "commit", "-q", "-m", "initial")
	r.git(dir, "clone", "-q", "--bare", r.work, r.bare)
	return r
}

func (r *gitRepo) git(dir string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_NOSYSTEM=1", "HOME="+r.t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (r *gitRepo) url() string  { return "file://" + filepath.ToSlash(r.bare) }
func (r *gitRepo) head() string { return r.git(r.bare, "rev-parse", "HEAD") }

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// goldenInput reads a golden case's input folder into a file map, so that
// tests commit the same repositories the golden cases package.
func goldenInput(t *testing.T, name string) map[string]string {
	t.Helper()
	root := filepath.Join(testenv.RepoRoot(t), "golden", "testdata", name, "input")
	files := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs `cogport github` as the CLI does, with env as the environment.
func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	streams := &cmdutil.IO{In: strings.NewReader(""), Out: &out, Err: &errb, Home: t.TempDir(),
		Getenv: func(k string) string { return env[k] }}
	cmd := NewCmd(streams, nil)
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.ExecuteContext(context.Background())
	if err != nil {
		errb.WriteString("cogport: " + err.Error() + "\n")
	}
	return result{code: cmdutil.Code(err), stdout: out.String(), stderr: errb.String()}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
