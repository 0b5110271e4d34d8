package weights

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cogport/cogport/facts"
)

func TestSelectCorpus(t *testing.T) {
	hf := corpusHF(t)
	for _, c := range sizedCases {
		t.Run(c.model, func(t *testing.T) {
			files, opts := c.load(t, hf)
			sel, err := Select(files, opts)
			if err != nil {
				t.Fatalf("Select: %v", err)
			}
			checkSelection(t, files, sel, c)
			t.Logf("snapshot %s, selected %s (%d of %d files), snapshot/selected %.1fx",
				gb(sel.SnapshotBytes), gb(sel.TotalBytes), len(sel.Files), len(files),
				float64(sel.SnapshotBytes)/float64(max(sel.TotalBytes, 1)))
			for _, w := range sel.Warnings {
				t.Logf("warning: %s", w)
			}
		})
	}
}

// TestCorpusCoverage keeps sizedCases complete: every corpus model with
// sizes must have its minimal set written down.
func TestCorpusCoverage(t *testing.T) {
	hf := corpusHF(t)
	dirs, err := os.ReadDir(hf)
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, c := range sizedCases {
		covered[c.model] = true
	}
	for _, d := range dirs {
		for _, name := range []string{"tree.json", "model-info.blobs.json"} {
			if _, err := os.Stat(filepath.Join(hf, d.Name(), name)); err == nil && !covered[d.Name()] {
				t.Errorf("%s has %s but no case in sizedCases", d.Name(), name)
			}
		}
	}
}

// checkSelection asserts the selected set and the invariants every
// Selection keeps: files and skips partition the repository, sizes add up,
// and the allow patterns select exactly the files under fnmatch.
func checkSelection(t *testing.T, files []facts.File, sel Selection, c corpusCase) {
	t.Helper()
	want := slices.Sorted(slices.Values(c.want))
	if got := filePaths(sel.Files); !slices.Equal(got, want) {
		t.Errorf("selected files differ\n got: %q\nwant: %q\nextra: %q\nmissing: %q",
			got, want, minus(got, want), minus(want, got))
	}
	reasons := map[string]string{}
	for _, s := range sel.Skipped {
		if s.Reason == "" {
			t.Errorf("%s skipped without a reason", s.Path)
		}
		reasons[s.Path] = s.Reason
	}
	for p, r := range c.reasons {
		if reasons[p] != r {
			t.Errorf("reason for %s = %q, want %q", p, reasons[p], r)
		}
	}
	var all []string
	var snapshot, minimal int64
	size := map[string]int64{}
	for _, f := range files {
		all = append(all, f.Path)
		snapshot += max(f.Size, 0)
		size[f.Path] = max(f.Size, 0)
	}
	for _, p := range want {
		minimal += size[p]
	}
	slices.Sort(all)
	parts := append(filePaths(sel.Files), skippedPaths(sel)...)
	slices.Sort(parts)
	if !slices.Equal(parts, all) {
		t.Errorf("files + skipped do not partition the repository")
	}
	if !slices.IsSorted(skippedPaths(sel)) {
		t.Errorf("skipped files are not sorted")
	}
	if sel.SnapshotBytes != snapshot || sel.TotalBytes != minimal {
		t.Errorf("bytes: snapshot %d total %d, want %d and %d", sel.SnapshotBytes, sel.TotalBytes, snapshot, minimal)
	}
	if got := Filter(all, sel.AllowPatterns, nil); !slices.Equal(got, filePaths(sel.Files)) {
		t.Errorf("allow patterns select %q, want %q", got, filePaths(sel.Files))
	}
}

func filePaths(files []facts.File) []string {
	out := make([]string, 0, len(files))
	for _, f := range files {
		out = append(out, f.Path)
	}
	return out
}

func skippedPaths(sel Selection) []string {
	out := make([]string, 0, len(sel.Skipped))
	for _, s := range sel.Skipped {
		out = append(out, s.Path)
	}
	return out
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func gb(n int64) string { return fmt.Sprintf("%.3f GB", float64(n)/1e9) }
