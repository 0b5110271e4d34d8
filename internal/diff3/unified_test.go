package diff3

import (
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	for _, tc := range []struct {
		name, a, b, want string
	}{
		{name: "equal", a: lines("a", "b"), b: lines("a", "b"), want: ""},
		{
			name: "one change with context",
			a:    lines("1", "2", "3", "4", "5", "6", "7", "8", "9"),
			b:    lines("1", "2", "3", "4", "five", "6", "7", "8", "9"),
			want: lines("--- old", "+++ new", "@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5", "+five", " 6", " 7", " 8"),
		},
		{
			name: "far apart changes make two hunks",
			a:    lines("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"),
			b:    lines("one", "2", "3", "4", "5", "6", "7", "8", "9", "ten"),
			want: lines("--- old", "+++ new", "@@ -1,4 +1,4 @@", "-1", "+one", " 2", " 3", " 4",
				"@@ -7,4 +7,4 @@", " 7", " 8", " 9", "-10", "+ten"),
		},
		{
			name: "new file",
			a:    "", b: lines("x"),
			want: lines("--- old", "+++ new", "@@ -0,0 +1 @@", "+x"),
		},
		{
			name: "no newline at end",
			a:    "a\nb", b: "a\nb\n",
			want: lines("--- old", "+++ new", "@@ -1,2 +1,2 @@", " a", "-b", `\ No newline at end of file`, "+b"),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Diff([]byte(tc.a), []byte(tc.b), "old", "new"); got != tc.want {
				t.Errorf("Diff =\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestDiffMatchesGit compares the hunks of random diffs with `git diff
// --no-index`, which runs the same Myers diff and slider.
func TestDiffMatchesGit(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed: the diff oracle is unavailable")
	}
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(7, 7))
	n := 300
	if testing.Short() {
		n = 50
	}
	for i := range n {
		v := vocab[:3+r.IntN(len(vocab)-3)]
		a := doc{lines: randLines(r, v, r.IntN(40)), openNL: r.IntN(5) == 0}
		b := randEdit(r, v, a)
		pa, pb := filepath.Join(dir, "a"), filepath.Join(dir, "b")
		if err := os.WriteFile(pa, a.bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(pb, b.bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(git, "diff", "--no-index", "--no-color", "--no-ext-diff", "--no-indent-heuristic", "-U3", "a", "b")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
		out, err := cmd.Output()
		var exit *exec.ExitError
		if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
			t.Fatalf("git diff: %v", err)
		}
		want := hunkBodies(string(out))
		got := hunkBodies(Diff(a.bytes(), b.bytes(), "a", "b"))
		if got != want {
			t.Fatalf("case %d: %q -> %q\ngit:\n%s\nDiff:\n%s", i, a.bytes(), b.bytes(), want, got)
		}
	}
}

// hunkBodies drops the file headers and the function names git appends to
// "@@" lines.
func hunkBodies(d string) string {
	i := strings.Index(d, "@@ ")
	if i < 0 {
		return ""
	}
	var sb strings.Builder
	for _, l := range strings.SplitAfter(d[i:], "\n") {
		if strings.HasPrefix(l, "@@ ") {
			end := strings.Index(l[3:], " @@") + 3
			l = l[:end+3] + "\n"
		}
		sb.WriteString(l)
	}
	return sb.String()
}
