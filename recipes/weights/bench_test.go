package weights

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
)

// BenchmarkSelectCorpus runs Select over every corpus model with sizes and
// reports, per model, the snapshot and selected bytes, selected/minimal
// (the hand-written minimal set of sizedCases; it must be 1.00) and
// snapshot/selected, the download Select saves.
func BenchmarkSelectCorpus(b *testing.B) {
	hf := corpusHF(b)
	type model struct {
		c       corpusCase
		files   []facts.File
		opts    Options
		minimal int64
	}
	var models []model
	for _, c := range sizedCases {
		files, opts := c.load(b, hf)
		size := map[string]int64{}
		for _, f := range files {
			size[f.Path] = max(f.Size, 0)
		}
		m := model{c: c, files: files, opts: opts}
		for _, p := range c.want {
			m.minimal += size[p]
		}
		models = append(models, m)
	}
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-45s %16s %16s %9s %9s\n", "model", "snapshot bytes", "selected bytes", "sel/min", "snap/sel")
	for _, m := range models {
		b.Run(m.c.model, func(b *testing.B) {
			var sel Selection
			var err error
			for b.Loop() {
				sel, err = Select(m.files, m.opts)
			}
			if err != nil {
				b.Fatal(err)
			}
			ratio := float64(sel.TotalBytes) / float64(max(m.minimal, 1))
			if sel.TotalBytes != m.minimal {
				b.Errorf("selected %d bytes, minimal %d", sel.TotalBytes, m.minimal)
			}
			saving := float64(sel.SnapshotBytes) / float64(max(sel.TotalBytes, 1))
			b.ReportMetric(float64(sel.SnapshotBytes), "snapshot-B")
			b.ReportMetric(float64(sel.TotalBytes), "selected-B")
			b.ReportMetric(ratio, "selected/minimal")
			b.ReportMetric(saving, "snapshot/selected")
			if !strings.Contains(table.String(), "\n"+m.c.model+" ") {
				fmt.Fprintf(&table, "%-45s %16d %16d %9.2f %8.1fx\n", m.c.model, sel.SnapshotBytes, sel.TotalBytes, ratio, saving)
			}
		})
	}
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			for _, m := range models {
				if _, err := Select(m.files, m.opts); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Log(table.String())
}
