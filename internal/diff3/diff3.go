// Package diff3 merges text three ways, line by line, the way `git
// merge-file --diff3` does: changes that only one side made are taken,
// identical changes on both sides are taken once, and overlapping (or
// touching) different changes become a conflict block that shows both sides
// and the common ancestor. It also renders two-way unified diffs.
//
// Lines keep their terminators: "a\r\n", "a\n" and a final "a" without one
// are three different lines, so CRLF files and files without a trailing
// newline merge byte for byte. go-git has no text merge and the Go diff
// libraries are two-way only, hence this small package (DESIGN.md §7).
package diff3

import (
	"bytes"
)

// Labels name the three sides in conflict markers. Empty fields fall back to
// DefaultLabels.
type Labels struct {
	// Ours is the user's current file ("yours").
	Ours string
	// Base is the common ancestor, the previous pristine render.
	Base string
	// Theirs is the new render.
	Theirs string
}

// DefaultLabels are the markers `cogport template refresh` writes.
func DefaultLabels() Labels {
	return Labels{Ours: "yours", Base: "generated (old)", Theirs: "generated (new)"}
}

func (l Labels) orDefault() Labels {
	d := DefaultLabels()
	if l.Ours == "" {
		l.Ours = d.Ours
	}
	if l.Base == "" {
		l.Base = d.Base
	}
	if l.Theirs == "" {
		l.Theirs = d.Theirs
	}
	return l
}

// Merge applies the changes from base to theirs onto ours. It returns the
// merged text and the number of conflict blocks in it.
func Merge(base, ours, theirs []byte, labels Labels) (merged []byte, conflicts int) {
	tab := interner{}
	bl, ol, tl := splitLines(base), splitLines(ours), splitLines(theirs)
	bi, oi, ti := tab.ids(bl), tab.ids(ol), tab.ids(tl)
	m := merger{
		base: bl, ours: ol, theirs: tl,
		mine: lineDiff(bi, oi), their: lineDiff(bi, ti),
		labels: labels.orDefault(), eol: markerEOL(ol, tl, bl),
	}
	m.run()
	return m.out.Bytes(), m.conflicts
}

// merger walks the two diffs against the base in base order.
type merger struct {
	base, ours, theirs [][]byte
	mine, their        []hunk
	labels             Labels
	eol                string
	out                bytes.Buffer
	conflicts          int
}

func (m *merger) run() {
	pos := 0 // next base line to copy
	dm, dt := 0, 0
	for len(m.mine) > 0 || len(m.their) > 0 {
		lo, hi := m.nextChunk()
		om, tm := m.take(&m.mine, lo, hi), m.take(&m.their, lo, hi)
		m.write(m.base[pos:lo])
		pos = hi
		ours := sideRange(m.ours, om, lo, hi, dm)
		theirs := sideRange(m.theirs, tm, lo, hi, dt)
		dm += len(ours) - (hi - lo)
		dt += len(theirs) - (hi - lo)
		switch {
		case len(tm) == 0:
			m.write(ours)
		case len(om) == 0:
			m.write(theirs)
		case equalLines(ours, theirs):
			m.write(ours)
		default:
			m.conflict(ours, m.base[lo:hi], theirs)
		}
	}
	m.write(m.base[pos:])
}

// nextChunk returns the base range covered by the earliest hunk and every
// hunk, on either side, that overlaps or touches it, transitively.
func (m *merger) nextChunk() (lo, hi int) {
	switch {
	case len(m.their) == 0 || (len(m.mine) > 0 && m.mine[0].a0 <= m.their[0].a0):
		lo, hi = m.mine[0].a0, m.mine[0].a1
	default:
		lo, hi = m.their[0].a0, m.their[0].a1
	}
	for grown := true; grown; {
		grown = false
		for _, hs := range [][]hunk{m.mine, m.their} {
			for _, h := range hs {
				if h.a0 > hi {
					break
				}
				if h.a1 > hi {
					hi, grown = h.a1, true
				}
			}
		}
	}
	return lo, hi
}

// take removes and returns the leading hunks that start inside [lo, hi].
func (m *merger) take(hs *[]hunk, lo, hi int) []hunk {
	n := 0
	for n < len(*hs) && (*hs)[n].a0 <= hi {
		n++
	}
	taken := (*hs)[:n]
	*hs = (*hs)[n:]
	return taken
}

// sideRange returns one side's lines for base[lo:hi]: its hunks there with
// the unchanged base lines around them, or, without hunks, the same lines
// shifted by the side's net growth so far.
func sideRange(lines [][]byte, hs []hunk, lo, hi, delta int) [][]byte {
	if len(hs) == 0 {
		return lines[lo+delta : hi+delta]
	}
	first, last := hs[0], hs[len(hs)-1]
	return lines[first.b0-(first.a0-lo) : last.b1+(hi-last.a1)]
}

func (m *merger) conflict(ours, base, theirs [][]byte) {
	m.conflicts++
	m.marker('<', m.labels.Ours)
	m.write(ours)
	m.marker('|', m.labels.Base)
	m.write(base)
	m.marker('=', "")
	m.write(theirs)
	m.marker('>', m.labels.Theirs)
}

// marker writes a conflict marker line, first ending the previous line when
// it was the last one of a file without a trailing newline.
func (m *merger) marker(c byte, label string) {
	if b := m.out.Bytes(); len(b) > 0 && b[len(b)-1] != '\n' {
		m.out.WriteString(m.eol)
	}
	m.out.Write(bytes.Repeat([]byte{c}, 7))
	if label != "" {
		m.out.WriteByte(' ')
		m.out.WriteString(label)
	}
	m.out.WriteString(m.eol)
}

func (m *merger) write(lines [][]byte) {
	for _, l := range lines {
		m.out.Write(l)
	}
}

// markerEOL makes conflict markers end lines the way the file does: CRLF
// when the first terminated line of ours (else theirs, else base) does.
func markerEOL(sides ...[][]byte) string {
	for _, lines := range sides {
		for _, l := range lines {
			if bytes.HasSuffix(l, []byte("\r\n")) {
				return "\r\n"
			}
			if bytes.HasSuffix(l, []byte("\n")) {
				return "\n"
			}
		}
	}
	return "\n"
}

func equalLines(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// splitLines cuts text after each '\n'; the last line may lack one.
func splitLines(text []byte) [][]byte {
	var lines [][]byte
	for len(text) > 0 {
		i := bytes.IndexByte(text, '\n') + 1
		if i == 0 {
			i = len(text)
		}
		lines = append(lines, text[:i:i])
		text = text[i:]
	}
	return lines
}

// interner numbers distinct lines so the diff compares ints.
type interner map[string]int

func (t interner) ids(lines [][]byte) []int {
	out := make([]int, len(lines))
	for i, l := range lines {
		id, ok := t[string(l)]
		if !ok {
			id = len(t)
			t[string(l)] = id
		}
		out[i] = id
	}
	return out
}
