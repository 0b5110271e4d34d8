package golden

import (
	"path/filepath"
	"testing"

	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/recipes"
	"github.com/cogport/cogport/sources/hf"
)

// BenchmarkSnapshotToFiles measures the offline path of `cogport hf
// ./snapshot`: read the snapshot folder and its card, plan, and render every
// file in memory (templates parsed once, as the CLI does).
func BenchmarkSnapshotToFiles(b *testing.B) {
	for _, name := range []string{"hf-sdxl-turbo", "hf-chat-llm", "hf-minilm-local"} {
		b.Run(name, func(b *testing.B) {
			dir := filepath.Join("testdata", name, "input")
			reg := recipes.Default()
			r, err := generators.Load()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				m, err := hf.LoadLocal(dir, reg.Needs)
				if err != nil {
					b.Fatal(err)
				}
				m.ID, m.SHA = "acme/model", "0123456789abcdef0123456789abcdef01234567"
				p, err := reg.Build(m, recipes.Options{})
				if err != nil {
					b.Fatal(err)
				}
				files, err := r.Render(p)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := r.WithProvenance(p, files, "bench", nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTemplatesLoad measures parsing every embedded template, which the
// CLI does once per run.
func BenchmarkTemplatesLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := generators.Load(); err != nil {
			b.Fatal(err)
		}
	}
}
