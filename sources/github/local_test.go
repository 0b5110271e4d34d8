package github

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadLocalWorkTree(t *testing.T) {
	r := newTestRepo(t, map[string]string{
		"infer.py":         "import argparse\np = argparse.ArgumentParser()\np.add_argument('--image', help='Input image')\n",
		"requirements.txt": "numpy\n",
	})
	// Uncommitted changes, a virtualenv, a nested repository and a symlink
	// out of the tree.
	write := func(p, s string) {
		full := filepath.Join(r.work, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("requirements.txt", "numpy\npillow==10.0.0\n")
	write(".venv/lib/site.py", "import evil\n")
	write("vendor/nested/.git/HEAD", "ref: refs/heads/main\n")
	write("vendor/nested/x.py", "import hidden\n")
	secret := filepath.Join(t.TempDir(), "secret.txt")
	write("../outside-marker", "")
	if err := os.WriteFile(secret, []byte("TOKEN"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(r.work, "leak.txt")); err != nil {
		t.Fatal(err)
	}

	repo, err := load(t, r.work, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if repo.LocalDir != r.work || repo.SHA != r.git(r.work, "rev-parse", "HEAD") || repo.URL != "" {
		t.Errorf("identity: dir %q sha %q url %q", repo.LocalDir, repo.SHA, repo.URL)
	}
	if got := depNames(repo.Dependencies); strings.Join(got, ",") != "numpy,pillow==10.0.0" {
		t.Errorf("uncommitted requirements not read: %q", got)
	}
	if repo.HasRepoFile(".venv/lib/site.py") || repo.HasRepoFile("vendor/nested/x.py") || !repo.HasRepoFile("vendor/nested") {
		t.Errorf("listing: %+v", repo.Files)
	}
	for _, m := range repo.Imports {
		if m == "evil" || m == "hidden" {
			t.Errorf("imports read from skipped dirs: %q", repo.Imports)
		}
	}
	snap, err := OpenDir(r.work, CloneOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := snap.ReadFile("leak.txt", 100); err == nil || !strings.Contains(err.Error(), "leaves the repository") {
		t.Errorf("symlink out of the tree was followed: %v", err)
	}
	if _, err := snap.ReadFile("../outside-marker", 100); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("path out of the tree: %v", err)
	}
	if _, err := OpenDir(r.work, CloneOptions{MaxFiles: 2}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("file cap on a local dir: %v", err)
	}
}

func TestLoadLocalWithRefClones(t *testing.T) {
	r := newTestRepo(t, map[string]string{"a.py": "VERSION = 1\n"})
	first := r.git(r.work, "rev-parse", "HEAD")
	r.commit(map[string]string{"a.py": "VERSION = 2\n"}, "two")
	repo, err := load(t, r.work+"@"+first, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if repo.SHA != first || repo.LocalDir != "" {
		t.Errorf("sha %s dir %q", repo.SHA, repo.LocalDir)
	}
	// A bare repository has no work tree to read: it is cloned.
	repo, err = load(t, r.bare, Options{})
	if err != nil || repo.SHA != r.head() {
		t.Errorf("bare: %v %+v", err, repo)
	}
}
