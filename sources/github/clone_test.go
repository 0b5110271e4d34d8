package github

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"time"
)

func cloneURL(t *testing.T, url, ref string, opts CloneOptions) (*Snapshot, error) {
	t.Helper()
	src, err := ParseSource(url + refSuffix(ref))
	if err != nil {
		t.Fatalf("ParseSource: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return GitCloner{}.Clone(ctx, src, opts)
}

func refSuffix(ref string) string {
	if ref == "" {
		return ""
	}
	return "@" + ref
}

func TestCloneDefaultBranchTagAndSHA(t *testing.T) {
	r := newTestRepo(t, map[string]string{"a.txt": "one", "dir/b.py": "print(1)\n"})
	first := r.head()
	r.git(r.work, "tag", "v1")
	second := r.commit(map[string]string{"a.txt": "two", "c.txt": "new"}, "second")
	r.git(r.work, "checkout", "-q", "-b", "feature/x")
	third := r.commit(map[string]string{"a.txt": "three"}, "third")
	r.push("main", "feature/x", "v1")

	cases := []struct{ ref, sha, a string }{
		{"", second, "two"},
		{"v1", first, "one"},
		{"feature/x", third, "three"},
		{first, first, "one"}, // a sha no ref advertises at its tip
	}
	for _, c := range cases {
		var progress bytes.Buffer
		snap, err := cloneURL(t, r.url(), c.ref, CloneOptions{Progress: &progress})
		if err != nil {
			t.Fatalf("ref %q: %v", c.ref, err)
		}
		if progress.Len() == 0 {
			t.Errorf("ref %q: no progress reported", c.ref)
		}
		if snap.SHA != c.sha {
			t.Errorf("ref %q: sha %s, want %s", c.ref, snap.SHA, c.sha)
		}
		data, err := snap.ReadFile("a.txt", 100)
		if err != nil || string(data) != c.a {
			t.Errorf("ref %q: a.txt = %q, %v; want %q", c.ref, data, err, c.a)
		}
	}
	snap, _ := cloneURL(t, r.url(), "", CloneOptions{})
	if f, ok := snap.File("dir/b.py"); !ok || f.Size != 9 || f.Mode != "file" {
		t.Errorf("dir/b.py entry: %+v %v", f, ok)
	}
}

func TestCloneErrors(t *testing.T) {
	r := newTestRepo(t, map[string]string{"big.bin": strings.Repeat("x", 4096), "small.txt": "s"})
	missing := "0123456789abcdef0123456789abcdef01234567"
	cases := []struct {
		name, url, ref string
		opts           CloneOptions
		want           error
		text           string
	}{
		{"bad branch", r.url(), "nope", CloneOptions{}, ErrRefNotFound, `no branch or tag "nope"`},
		{"bad sha", r.url(), missing, CloneOptions{}, ErrRefNotFound, missing},
		{"no repo", "file://" + t.TempDir() + "/absent.git", "", CloneOptions{}, ErrNotFound, "absent.git"},
		{"byte cap", r.url(), "", CloneOptions{MaxBytes: 1024}, ErrTooLarge, "1024"},
		{"file cap", r.url(), "", CloneOptions{MaxFiles: 1}, ErrTooLarge, "more than 1 files"},
	}
	for _, c := range cases {
		_, err := cloneURL(t, c.url, c.ref, c.opts)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
			continue
		}
		if c.text != "1024" && !strings.Contains(err.Error(), c.text) {
			t.Errorf("%s: error %q lacks %q", c.name, err, c.text)
		}
	}
}

func TestCloneDeadline(t *testing.T) {
	r := newTestRepo(t, map[string]string{"a": "a"})
	src, _ := ParseSource(r.url())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := GitCloner{}.Clone(ctx, src, CloneOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestSnapshotSymlinks(t *testing.T) {
	r := newTestRepo(t, map[string]string{
		"real/model.py": "x = 1\n",
		"link.py":       "-> real/model.py",
		"up.py":         "-> ../../etc/passwd",
		"abs.py":        "-> /etc/passwd",
		"loop.py":       "-> loop.py",
		"dirlink":       "-> real",
	})
	snap, err := cloneURL(t, r.url(), "", CloneOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if data, err := snap.ReadFile("link.py", 100); err != nil || string(data) != "x = 1\n" {
		t.Errorf("link.py: %q %v", data, err)
	}
	for _, p := range []string{"up.py", "abs.py"} {
		if _, err := snap.ReadFile(p, 100); err == nil || !strings.Contains(err.Error(), "leaves the repository") {
			t.Errorf("%s: got %v, want a leaves-the-repository error", p, err)
		}
	}
	if _, err := snap.ReadFile("loop.py", 100); err == nil || !strings.Contains(err.Error(), "too many levels") {
		t.Errorf("loop.py: %v", err)
	}
	// A symlinked directory is not a way into the tree: its files are not listed.
	if _, err := snap.ReadFile("dirlink/model.py", 100); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("dirlink/model.py: %v", err)
	}
	if _, err := snap.ReadFile("real/model.py", 3); !errors.Is(err, ErrFileTooLarge) {
		t.Errorf("size cap: %v", err)
	}
}
