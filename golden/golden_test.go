package golden

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cogport/cogport/internal/cli"
	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/testenv"
	"github.com/cogport/cogport/lint"
)

var update = flag.Bool("update", false, "rewrite each case's want/ tree from what cogport writes now")

// TestGolden runs every case in testdata/: the command in its args file, with
// $INPUT and $OUT replaced by the case's input folder and a fresh output
// folder; the tree written must equal want/, byte for byte and mode for mode.
// Each output must also pass the referee, ../shared/bin/cogcheck.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/*/args")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases in testdata/: %v", err)
	}
	for _, argsFile := range cases {
		dir := filepath.Dir(argsFile)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "out")
			runCase(t, dir, out)
			if *update {
				rewriteWant(t, filepath.Join(dir, "want"), out)
				return
			}
			compareTrees(t, filepath.Join(dir, "want"), out)
			testenv.RefereeAccepting(t, out, refereeAccepts(t, dir))
			lintClean(t, out)
		})
	}
}

// refereeAccepts reads a case's referee-accepts file: the referee findings
// the case breaks by design, one "check: message" a line, each with a "#"
// comment above it saying why.
func refereeAccepts(t *testing.T, dir string) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "referee-accepts"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(raw), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

func runCase(t *testing.T, dir, out string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "args"))
	if err != nil {
		t.Fatal(err)
	}
	input, _ := filepath.Abs(filepath.Join(dir, "input"))
	var args []string
	for _, a := range strings.Fields(string(raw)) {
		a = strings.ReplaceAll(a, "$INPUT", input)
		args = append(args, strings.ReplaceAll(a, "$OUT", out))
	}
	var stdout, stderr bytes.Buffer
	streams := &cmdutil.IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr, Home: t.TempDir(),
		Getenv: func(string) string { return "" }}
	if code := cli.RunWith(context.Background(), args, streams); code != 0 {
		t.Fatalf("cogport %s: exit %d\nstderr: %s", strings.Join(args, " "), code, stderr.String())
	}
}

// tree maps each file's slash path to its mode and content.
type entry struct {
	mode fs.FileMode
	body []byte
}

func readTree(t *testing.T, root string) map[string]entry {
	t.Helper()
	files := map[string]entry{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		// CRLF is normalised so that a checkout with autocrlf compares equal.
		files[filepath.ToSlash(rel)] = entry{mode: info.Mode().Perm() & 0o111, body: bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))}
		return nil
	})
	if err != nil {
		t.Fatalf("read %s: %v", root, err)
	}
	return files
}

func compareTrees(t *testing.T, want, got string) {
	t.Helper()
	w, g := readTree(t, want), readTree(t, got)
	for _, name := range sortedNames(w, g) {
		we, inWant := w[name]
		ge, inGot := g[name]
		switch {
		case !inGot:
			t.Errorf("%s: expected but not written", name)
		case !inWant:
			t.Errorf("%s: written but not expected (run go test ./golden -update)", name)
		case !bytes.Equal(we.body, ge.body):
			t.Errorf("%s differs from want/ (run go test ./golden -update and review the diff):\n%s", name, firstDiff(we.body, ge.body))
		case we.mode != ge.mode:
			t.Errorf("%s: executable bits %o, want %o", name, ge.mode, we.mode)
		}
	}
}

func rewriteWant(t *testing.T, want, got string) {
	t.Helper()
	if err := os.RemoveAll(want); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(want, os.DirFS(got)); err != nil {
		t.Fatal(err)
	}
	// CopyFS drops execute bits; scripts must keep theirs.
	for name, e := range readTree(t, got) {
		if e.mode != 0 {
			if err := os.Chmod(filepath.Join(want, name), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func sortedNames(a, b map[string]entry) []string {
	seen := map[string]bool{}
	var names []string
	for _, m := range []map[string]entry{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				names = append(names, k)
			}
		}
	}
	sort.Strings(names)
	return names
}

func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n- " + w + "\n+ " + g
		}
	}
	return ""
}

// lintClean fails the test when cogport's own linter finds anything in a
// package cogport generated: every generated package must lint clean.
func lintClean(t *testing.T, dir string) {
	t.Helper()
	rep, err := lint.Lint(dir)
	if err != nil {
		t.Fatalf("lint: %v", err)
	}
	for _, f := range rep.Findings {
		t.Errorf("cogport lint: %s:%d: %s: %s", f.File, f.Line, f.Rule, f.Message)
	}
}
