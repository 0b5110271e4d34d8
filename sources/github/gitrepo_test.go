package github

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// testRepo is a git repository built on the fly: a work tree and a bare
// clone that go-git fetches from over file:// (git-upload-pack).
type testRepo struct {
	t    testing.TB
	work string
	bare string
}

// newTestRepo commits files (path → content; content "-> target" makes a
// symlink) and returns the repository.
func newTestRepo(t *testing.T, files map[string]string) *testRepo { return newTestRepoB(t, files) }

// newTestRepoB is newTestRepo for tests and benchmarks alike.
func newTestRepoB(t testing.TB, files map[string]string) *testRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed; file:// clones need git-upload-pack")
	}
	dir := t.TempDir()
	r := &testRepo{t: t, work: filepath.Join(dir, "work"), bare: filepath.Join(dir, "repo.git")}
	r.git(dir, "init", "-q", "-b", "main", r.work)
	r.commit(files, "initial")
	r.git(dir, "clone", "-q", "--bare", r.work, r.bare)
	// Let tests fetch commits that no ref advertises, as GitHub does.
	r.git(r.bare, "config", "uploadpack.allowAnySHA1InWant", "true")
	return r
}

func (r *testRepo) git(dir string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_NOSYSTEM=1",
		"HOME="+r.t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes files into the work tree and commits them.
func (r *testRepo) commit(files map[string]string, msg string) string {
	r.t.Helper()
	for p, content := range files {
		full := filepath.Join(r.work, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(content, "-> "); ok {
			if err := os.Symlink(target, full); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.git(r.work, "add", "-A")
	r.git(r.work, "commit", "-q", "--allow-empty", "-m", msg)
	return r.git(r.work, "rev-parse", "HEAD")
}

// push updates the bare repository from the work tree.
func (r *testRepo) push(refs ...string) {
	r.t.Helper()
	r.git(r.work, append([]string{"push", "-q", r.bare}, refs...)...)
}

// url is the file:// URL of the bare repository.
func (r *testRepo) url() string { return "file://" + filepath.ToSlash(r.bare) }

func (r *testRepo) head() string { return r.git(r.bare, "rev-parse", "HEAD") }
