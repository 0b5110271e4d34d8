package diff3

import (
	"bytes"
	"testing"
)

// FuzzMerge checks the invariants that need no oracle: Merge never panics,
// merging a text with itself gives it back, a side nobody changed takes the
// other side's text whole, and the same change on both sides is clean.
func FuzzMerge(f *testing.F) {
	f.Add([]byte("a\nb\nc\n"), []byte("a\nB\nc\n"), []byte("a\nb\nC\n"))
	f.Add([]byte("a\r\nb"), []byte("a\r\nx"), []byte(""))
	f.Add([]byte(""), []byte("x\n"), []byte("y"))
	f.Add([]byte("\n\n\n"), []byte("\n"), []byte("\n\n\n\n\n"))
	f.Fuzz(func(t *testing.T, base, ours, theirs []byte) {
		l := DefaultLabels()
		Merge(base, ours, theirs, l)
		for _, c := range []struct {
			name     string
			b, o, th []byte
			want     []byte
		}{
			{"identity", ours, ours, ours, ours},
			{"theirs unchanged", base, ours, base, ours},
			{"ours unchanged", base, base, theirs, theirs},
			{"same change", base, ours, ours, ours},
		} {
			got, n := Merge(c.b, c.o, c.th, l)
			if n != 0 || !bytes.Equal(got, c.want) {
				t.Fatalf("%s: %d conflicts, got %q want %q", c.name, n, got, c.want)
			}
		}
		if d := Diff(ours, ours, "a", "b"); d != "" {
			t.Fatalf("Diff of a text with itself: %q", d)
		}
		Diff(base, theirs, "a", "b")
	})
}
