package templatesrc

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestOpenFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "cog.yaml.tmpl"), []byte("x"), 0o644)
	fsys, release, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if b, err := fs.ReadFile(fsys, "cog.yaml.tmpl"); err != nil || string(b) != "x" {
		t.Errorf("read %q, %v", b, err)
	}
}

// TestOpenGitRef clones a repository the test builds, at a branch and at a
// tag, over file:// (go-git runs git-upload-pack for it).
func TestOpenGitRef(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is needed to build the test repository")
	}
	repo := t.TempDir()
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=t", "-c", "user.email=t@t"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	os.WriteFile(filepath.Join(repo, "README.md.tmpl"), []byte("v1"), 0o644)
	git("add", ".")
	git("commit", "-q", "-m", "v1")
	git("tag", "v1")
	os.WriteFile(filepath.Join(repo, "README.md.tmpl"), []byte("v2"), 0o644)
	git("commit", "-q", "-am", "v2")
	for ref, want := range map[string]string{"": "v2", "@main": "v2", "@v1": "v1"} {
		fsys, release, err := Open(context.Background(), "file://"+repo+ref)
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		b, err := fs.ReadFile(fsys, "README.md.tmpl")
		release()
		if err != nil || string(b) != want {
			t.Errorf("ref %q: read %q (%v), want %q", ref, b, err, want)
		}
	}
	if _, _, err := Open(context.Background(), "file://"+repo+"@nope"); err == nil {
		t.Error("an unknown ref was accepted")
	}
}

func TestOpenRejectsNonsense(t *testing.T) {
	if _, _, err := Open(context.Background(), "not/a/folder/nor/url"); err == nil {
		t.Error("a missing folder was accepted")
	}
}
