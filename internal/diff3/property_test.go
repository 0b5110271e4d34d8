package diff3

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// vocabulary for random files: short lines that repeat, like blank lines and
// closing braces in real code, so the diffs are full of ambiguous alignments.
var vocab = []string{"a", "b", "c", "", "}", "x", "y", "z", "{", "return", "d", "e", "f", "g", "h", "i", "j", "k"}

// doc is a random file as lines plus how they are written out.
type doc struct {
	lines  []string
	crlf   bool
	openNL bool // the last line has no terminator
}

func (d doc) bytes() []byte {
	if len(d.lines) == 0 {
		return nil
	}
	eol := "\n"
	if d.crlf {
		eol = "\r\n"
	}
	s := strings.Join(d.lines, eol)
	if !d.openNL {
		s += eol
	}
	return []byte(s)
}

func randLines(r *rand.Rand, v []string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = v[r.IntN(len(v))]
	}
	return out
}

// randEdit applies up to three random insertions, deletions or
// replacements, and sometimes drops or adds the final newline.
func randEdit(r *rand.Rand, v []string, d doc) doc {
	out := append([]string(nil), d.lines...)
	for e := r.IntN(4); e > 0; e-- {
		p := r.IntN(len(out) + 1)
		q := min(len(out), p+r.IntN(3))
		var ins []string
		if r.IntN(3) > 0 {
			ins = randLines(r, v, 1+r.IntN(3))
		}
		out = append(out[:p], append(ins, out[q:]...)...)
	}
	d.lines = out
	if r.IntN(8) == 0 {
		d.openNL = !d.openNL
	}
	return d
}

func propertyCases(t *testing.T) int {
	if s := os.Getenv("DIFF3_PROPERTY_CASES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("DIFF3_PROPERTY_CASES=%q: %v", s, err)
		}
		return n
	}
	if testing.Short() {
		return 200
	}
	return 1500
}

// TestMergeMatchesGit merges random edits of random files and checks two
// properties: when git merges cleanly, Merge returns git's bytes; when Merge
// reports no conflict, every block of lines either side added is in it.
func TestMergeMatchesGit(t *testing.T) {
	n := propertyCases(t)
	r := rand.New(rand.NewPCG(20260813, uint64(n)))
	l := DefaultLabels()
	clean := 0
	for i := range n {
		v := vocab[:3+r.IntN(len(vocab)-3)]
		base := doc{lines: randLines(r, v, r.IntN(30)), crlf: i%5 == 0, openNL: r.IntN(6) == 0}
		ours, theirs := randEdit(r, v, base), randEdit(r, v, base)
		if r.IntN(10) == 0 {
			theirs = ours // the same change on both sides
		}
		b, o, th := base.bytes(), ours.bytes(), theirs.bytes()
		got, conflicts := Merge(b, o, th, l)
		want, gitConflicts := gitMerge(t, b, o, th, l)
		where := fmt.Sprintf("case %d: base %q\nours %q\ntheirs %q", i, b, o, th)
		if gitConflicts == 0 {
			clean++
			if conflicts != 0 || !bytes.Equal(got, want) {
				t.Fatalf("%s\ngit merges cleanly to %q\nMerge: %d conflicts, %q", where, want, conflicts, got)
			}
		}
		if conflicts == 0 {
			assertKeepsAdditions(t, where, b, o, got)
			assertKeepsAdditions(t, where, b, th, got)
		}
	}
	t.Logf("%d random merges, %d clean in git, all clean ones byte-identical", n, clean)
	if clean == 0 || clean == n {
		t.Errorf("the generator should produce both clean merges and conflicts (clean %d of %d)", clean, n)
	}
}

// assertKeepsAdditions checks that each block of lines side added to base
// appears, contiguous, in merged.
func assertKeepsAdditions(t *testing.T, where string, base, side, merged []byte) {
	t.Helper()
	tab := interner{}
	bl, sl, ml := splitLines(base), splitLines(side), splitLines(merged)
	bi, si, mi := tab.ids(bl), tab.ids(sl), tab.ids(ml)
	for _, h := range lineDiff(bi, si) {
		if h.b1 > h.b0 && !containsRun(mi, si[h.b0:h.b1]) {
			t.Fatalf("%s\nmerged %q lost the added lines %q", where, merged, sl[h.b0:h.b1])
		}
	}
}

func containsRun(hay, run []int) bool {
	for i := 0; i+len(run) <= len(hay); i++ {
		match := true
		for j := range run {
			if hay[i+j] != run[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}
