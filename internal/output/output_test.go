package output

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cogport/cogport/generators"
)

func files() []generators.File {
	return []generators.File{
		{Path: "cog.yaml", Mode: 0o644, Body: []byte("build: {}\n")},
		{Path: "script/test", Mode: 0o755, Body: []byte("#!/bin/sh\n")},
	}
}

func TestWriteCreatesWholeFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "pkg")
	res, err := Write(context.Background(), dir, files(), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Created) != 2 {
		t.Errorf("created %v", res.Created)
	}
	fi, err := os.Stat(filepath.Join(dir, "script", "test"))
	if err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("script/test mode %v, %v", fi.Mode(), err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".cogport-stage-*"))
	if len(leftovers) != 0 {
		t.Errorf("staging folders left behind: %v", leftovers)
	}
}

func TestWriteRefusesNonEmptyWithoutForce(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "cog.yaml"), []byte("mine\n"), 0o644)
	_, err := Write(context.Background(), dir, files(), false)
	if !errors.Is(err, ErrExists) {
		t.Fatalf("err = %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "cog.yaml")); string(b) != "mine\n" {
		t.Error("a refused write changed the user's file")
	}
}

func TestForceReplacesOnlyGeneratedFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("keep\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "cog.yaml"), []byte("old\n"), 0o644)
	res, err := Write(context.Background(), dir, files(), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Updated) != 1 || res.Updated[0] != "cog.yaml" || len(res.Created) != 1 {
		t.Errorf("updated %v created %v", res.Updated, res.Created)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "notes.md")); string(b) != "keep\n" {
		t.Error("--force touched a file cogport does not generate")
	}
}

func TestCancelledContextLeavesFolderAsItWas(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(t.TempDir(), "pkg")
	if _, err := Write(ctx, dir, files(), false); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Error("an interrupted write created the folder")
	}
}

func TestRefusesPathsThatLeaveTheFolder(t *testing.T) {
	for _, p := range []string{"../evil", "/etc/passwd", "a/../../b", `a\b`, "", "a//b"} {
		_, err := Write(context.Background(), filepath.Join(t.TempDir(), "pkg"), []generators.File{{Path: p, Body: []byte("x")}}, false)
		if err == nil {
			t.Errorf("path %q was written", p)
		}
	}
}

func TestRefusesSymlinkRedirects(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(dir, "cog.yaml"), []byte("mine\n"), 0o644)
	if err := os.Symlink(elsewhere, filepath.Join(dir, "script")); err != nil {
		t.Skip(err)
	}
	if _, err := Write(context.Background(), dir, files(), true); err == nil {
		t.Fatal("a write through a symlinked folder succeeded")
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
		t.Errorf("files landed outside the package: %v", entries)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "cog.yaml")); string(b) != "mine\n" {
		t.Error("a refused write still changed cog.yaml")
	}
}
