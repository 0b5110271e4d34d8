package diff3

import (
	"strings"
	"testing"
)

// lines joins its arguments, each ending with "\n".
func lines(ls ...string) string {
	if len(ls) == 0 {
		return ""
	}
	return strings.Join(ls, "\n") + "\n"
}

func TestMergeTable(t *testing.T) {
	l := DefaultLabels()
	for _, tc := range []struct {
		name               string
		base, ours, theirs string
		want               string
		conflicts          int
	}{
		{
			name: "only theirs changed",
			base: lines("a", "b", "c"), ours: lines("a", "b", "c"), theirs: lines("a", "B", "c"),
			want: lines("a", "B", "c"),
		},
		{
			name: "only ours changed",
			base: lines("a", "b", "c"), ours: lines("a", "b", "c", "d"), theirs: lines("a", "b", "c"),
			want: lines("a", "b", "c", "d"),
		},
		{
			name: "separate changes",
			base: lines("1", "2", "3", "4", "5", "6"),
			ours: lines("1", "two", "3", "4", "5", "6"), theirs: lines("1", "2", "3", "4", "five", "6"),
			want: lines("1", "two", "3", "4", "five", "6"),
		},
		{
			name: "identical change on both sides",
			base: lines("a", "b", "c"), ours: lines("a", "x", "y", "c"), theirs: lines("a", "x", "y", "c"),
			want: lines("a", "x", "y", "c"),
		},
		{
			name: "identical deletion on both sides, insertion on one",
			base: lines("a", "b", "c", "", "b"), ours: lines("a", "", "b", "a", "b"), theirs: lines("a", "", "b"),
			want: lines("a", "", "b", "a", "b"),
		},
		{
			name: "conflict",
			base: lines("a", "b", "c"), ours: lines("a", "mine", "c"), theirs: lines("a", "theirs", "c"),
			want: lines("a", "<<<<<<< yours", "mine", "||||||| generated (old)", "b", "=======", "theirs",
				">>>>>>> generated (new)", "c"),
			conflicts: 1,
		},
		{
			name: "adjacent changes conflict",
			base: lines("a", "b", "c", "d"), ours: lines("a", "B", "c", "d"), theirs: lines("a", "b", "C", "d"),
			want: lines("a", "<<<<<<< yours", "B", "c", "||||||| generated (old)", "b", "c", "=======", "b", "C",
				">>>>>>> generated (new)", "d"),
			conflicts: 1,
		},
		{
			name: "two conflicts",
			base: lines("a", "b", "c", "d", "e"), ours: lines("a", "1", "c", "d", "3"), theirs: lines("a", "2", "c", "d", "4"),
			want: lines("a", "<<<<<<< yours", "1", "||||||| generated (old)", "b", "=======", "2",
				">>>>>>> generated (new)", "c", "d", "<<<<<<< yours", "3", "||||||| generated (old)", "e", "=======",
				"4", ">>>>>>> generated (new)"),
			conflicts: 2,
		},
		{
			name: "both created the file",
			base: "", ours: lines("x"), theirs: lines("y"),
			want:      lines("<<<<<<< yours", "x", "||||||| generated (old)", "=======", "y", ">>>>>>> generated (new)"),
			conflicts: 1,
		},
		{
			name: "ours deleted everything theirs kept",
			base: lines("a", "b"), ours: "", theirs: lines("a", "b"),
			want: "",
		},
		{
			name: "CRLF lines merge cleanly",
			base: "a\r\nb\r\nc\r\nd\r\n", ours: "a\r\nB\r\nc\r\nd\r\n", theirs: "a\r\nb\r\nc\r\nD\r\n",
			want: "a\r\nB\r\nc\r\nD\r\n",
		},
		{
			name: "CRLF conflict markers",
			base: "a\r\nb\r\n", ours: "a\r\nx\r\n", theirs: "a\r\ny\r\n",
			want:      "a\r\n<<<<<<< yours\r\nx\r\n||||||| generated (old)\r\nb\r\n=======\r\ny\r\n>>>>>>> generated (new)\r\n",
			conflicts: 1,
		},
		{
			name: "a CRLF edit against an LF file is a change",
			base: "a\nb\n", ours: "a\r\nb\n", theirs: "a\nb\nc\n",
			want: "a\r\nb\nc\n",
		},
		{
			name: "no trailing newline, unchanged tail",
			base: "a\nb\nc", ours: "A\nb\nc", theirs: "a\nb\nc",
			want: "A\nb\nc",
		},
		{
			name: "no trailing newline, theirs appends",
			base: "a\nm\nb", ours: "A\nm\nb", theirs: "a\nm\nb\nc",
			want: "A\nm\nb\nc",
		},
		{
			name: "no trailing newline in a conflict",
			base: "a\nb", ours: "a\nx", theirs: "a\ny",
			want:      lines("a", "<<<<<<< yours", "x", "||||||| generated (old)", "b", "=======", "y", ">>>>>>> generated (new)"),
			conflicts: 1,
		},
		{
			name: "insertion slides clear of the other side",
			base: lines("x", "x", "y"), ours: lines("x", "x", "x", "y"), theirs: lines("z", "x", "x", "y"),
			want: lines("z", "x", "x", "x", "y"),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, n := Merge([]byte(tc.base), []byte(tc.ours), []byte(tc.theirs), l)
			if string(got) != tc.want || n != tc.conflicts {
				t.Errorf("Merge = %d conflicts\n%q\nwant %d\n%q", n, got, tc.conflicts, tc.want)
			}
			git, gn := gitMerge(t, []byte(tc.base), []byte(tc.ours), []byte(tc.theirs), l)
			if string(git) != string(got) || (gn == 0) != (n == 0) {
				t.Errorf("git merge-file disagrees: %d conflicts\n%q", gn, git)
			}
		})
	}
}

func TestMergeLabels(t *testing.T) {
	custom := Labels{Ours: "mine", Base: "ancestor", Theirs: "upstream"}
	base, ours, theirs := []byte(lines("a", "b")), []byte(lines("a", "x")), []byte(lines("a", "y"))
	got, n := Merge(base, ours, theirs, custom)
	want := lines("a", "<<<<<<< mine", "x", "||||||| ancestor", "b", "=======", "y", ">>>>>>> upstream")
	if string(got) != want || n != 1 {
		t.Fatalf("got %d conflicts\n%s", n, got)
	}
	if git, _ := gitMerge(t, base, ours, theirs, custom); string(git) != want {
		t.Errorf("git merge-file wrote\n%s", git)
	}
	// a zero Labels value means the refresh defaults
	got, _ = Merge(base, ours, theirs, Labels{Theirs: "new"})
	if !strings.Contains(string(got), "<<<<<<< yours\n") || !strings.Contains(string(got), ">>>>>>> new\n") {
		t.Errorf("partial labels: %s", got)
	}
}
