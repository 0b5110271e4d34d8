package github

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// syntheticRepo writes a repository of n argparse scripts (plus a README,
// requirements and a Gradio app) into a temp dir.
func syntheticRepo(b *testing.B, n int) string {
	dir := b.TempDir()
	write := func(p, s string) {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("README.md", argparseReadme)
	write("requirements.txt", "torch==2.1.0\nopencv-python\ntransformers>=4.30\n")
	for i := 0; i < n; i++ {
		write(fmt.Sprintf("pkg/mod%03d/infer_%d.py", i%20, i), argparseScript)
	}
	write("inference.py", argparseScript)
	return dir
}

// BenchmarkInspectLocal measures reading and inspecting a 300-script repository.
func BenchmarkInspectLocal(b *testing.B) {
	dir := syntheticRepo(b, 300)
	src, err := ParseSource(dir)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		snap, err := OpenDir(dir, CloneOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if repo := Inspect(snap, src); len(repo.EntryPoints) == 0 {
			b.Fatal("no entry points")
		}
	}
}

// BenchmarkCloneFile measures a shallow in-memory clone over file://.
func BenchmarkCloneFile(b *testing.B) {
	files := map[string]string{"README.md": argparseReadme, "inference.py": argparseScript}
	for i := 0; i < 200; i++ {
		files[fmt.Sprintf("src/m%d.py", i)] = argparseScript
	}
	r := newTestRepoB(b, files)
	src, _ := ParseSource(r.url())
	for b.Loop() {
		if _, err := (GitCloner{}).Clone(context.Background(), src, CloneOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
