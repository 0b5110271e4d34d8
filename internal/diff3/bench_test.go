package diff3

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchTexts returns a 2,000-line base and two sides with 40 scattered
// edits each, about the size of a large predict.py.
func benchTexts() (base, ours, theirs []byte) {
	r := rand.New(rand.NewPCG(1, 1))
	v := make([]string, 0, 400)
	for i := range 400 {
		v = append(v, fmt.Sprintf("    line %d = compute(%d)", i, i*7))
	}
	v = append(v, "", "", "", "}", "    return x")
	b := doc{lines: randLines(r, v, 2000)}
	o, th := b, b
	for range 10 {
		o, th = randEdit(r, v, o), randEdit(r, v, th)
	}
	return b.bytes(), o.bytes(), th.bytes()
}

func BenchmarkMerge(b *testing.B) {
	base, ours, theirs := benchTexts()
	b.SetBytes(int64(len(base)))
	for b.Loop() {
		Merge(base, ours, theirs, DefaultLabels())
	}
}

func BenchmarkDiff(b *testing.B) {
	base, ours, _ := benchTexts()
	b.SetBytes(int64(len(base)))
	for b.Loop() {
		Diff(base, ours, "a", "b")
	}
}

// BenchmarkDiffDisjoint is the worst case: two 5,000-line files that share
// no line but blank ones.
func BenchmarkDiffDisjoint(b *testing.B) {
	r := rand.New(rand.NewPCG(2, 2))
	mk := func(prefix string) []byte {
		v := []string{""}
		for i := range 500 {
			v = append(v, fmt.Sprintf("%s %d", prefix, i))
		}
		return doc{lines: randLines(r, v, 5000)}.bytes()
	}
	x, y := mk("x"), mk("y")
	for b.Loop() {
		Diff(x, y, "a", "b")
	}
}
