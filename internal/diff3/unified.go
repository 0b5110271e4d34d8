package diff3

import (
	"fmt"
	"strings"
)

// context is the number of unchanged lines shown around each change, as in
// `diff -u` and `git diff`.
const context = 3

// Diff renders the change from a to b as a unified diff with three lines of
// context, headed "--- nameA" and "+++ nameB". It returns "" when a and b are
// equal. A line without a trailing newline is followed by git's
// "\ No newline at end of file".
func Diff(a, b []byte, nameA, nameB string) string {
	tab := interner{}
	al, bl := splitLines(a), splitLines(b)
	hs := lineDiff(tab.ids(al), tab.ids(bl))
	if len(hs) == 0 {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", nameA, nameB)
	for len(hs) > 0 {
		n := 1 // hunks close enough to share their context
		for n < len(hs) && hs[n].a0-hs[n-1].a1 <= 2*context {
			n++
		}
		writeHunk(&sb, al, bl, hs[:n])
		hs = hs[n:]
	}
	return sb.String()
}

func writeHunk(sb *strings.Builder, a, b [][]byte, hs []hunk) {
	first, last := hs[0], hs[len(hs)-1]
	lead := min(context, first.a0)
	trail := min(context, len(a)-last.a1)
	a0, a1 := first.a0-lead, last.a1+trail
	b0, b1 := first.b0-lead, last.b1+trail
	fmt.Fprintf(sb, "@@ -%s +%s @@\n", span(a0, a1), span(b0, b1))
	pos := a0
	for _, h := range hs {
		writeLines(sb, ' ', a[pos:h.a0])
		writeLines(sb, '-', a[h.a0:h.a1])
		writeLines(sb, '+', b[h.b0:h.b1])
		pos = h.a1
	}
	writeLines(sb, ' ', a[pos:a1])
}

// span formats a hunk range the way diff does: "start,count", the count
// left out when it is 1, and an empty range numbered by the line before it.
func span(from, to int) string {
	switch to - from {
	case 0:
		return fmt.Sprintf("%d,0", from)
	case 1:
		return fmt.Sprintf("%d", from+1)
	default:
		return fmt.Sprintf("%d,%d", from+1, to-from)
	}
}

func writeLines(sb *strings.Builder, prefix byte, lines [][]byte) {
	for _, l := range lines {
		sb.WriteByte(prefix)
		sb.Write(l)
		if len(l) == 0 || l[len(l)-1] != '\n' {
			sb.WriteString("\n\\ No newline at end of file\n")
		}
	}
}
