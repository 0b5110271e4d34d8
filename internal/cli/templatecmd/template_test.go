package templatecmd_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cogport/cogport/internal/cli"
	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/testenv"
)

func cogport(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	streams := &cmdutil.IO{In: strings.NewReader(""), Out: &out, Err: &errb, Home: t.TempDir(), Getenv: func(string) string { return "" }}
	code := cli.RunWith(context.Background(), args, streams)
	return code, out.String(), errb.String()
}

// generate writes a package from the example snapshot.
func generate(t *testing.T, dir string, extra ...string) {
	t.Helper()
	snap := filepath.Join(testenv.RepoRoot(t), "examples", "all-MiniLM-L6-v2")
	if code, _, stderr := cogport(t, append([]string{"hf", snap, "-o", dir, "-q"}, extra...)...); code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
}

// newTemplates is a template folder that changes three embedded templates,
// as a newer cogport would.
func newTemplates(t *testing.T) string {
	t.Helper()
	src := filepath.Join(testenv.RepoRoot(t), "templates", "files")
	dir := t.TempDir()
	edit := func(name, old, new string) {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s lacks %q", name, old)
		}
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644)
	}
	edit("predict/sentence_transformers_embeddings.py.tmpl", "{{ cogImports . }}", "# new in the template\n{{ cogImports . }}")
	edit("README.md.tmpl", "## Inputs", "## Inputs\n\nNew template text.")
	edit("cog.yaml.tmpl", "# Reference: https://cog.run/yaml", "# Reference: https://cog.run/yaml\n# New template comment.")
	return dir
}

func TestRefreshOfAFreshPackageIsANoOp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pkg")
	generate(t, dir)
	if code, _, stderr := cogport(t, "template", "refresh", dir, "--check"); code != 0 {
		t.Fatalf("--check on a fresh package: exit %d: %s", code, stderr)
	}
	if code, stdout, _ := cogport(t, "template", "refresh", dir); code != 0 || !strings.Contains(stdout, "already current") {
		t.Fatalf("refresh of a fresh package: exit %d: %s", code, stdout)
	}
}

func TestCheckAndDryRunWriteNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pkg")
	generate(t, dir)
	before := snapshot(t, dir)
	tpl := newTemplates(t)
	if code, _, _ := cogport(t, "template", "refresh", dir, "--check", "--templates", tpl); code != 2 {
		t.Errorf("--check with newer templates: exit %d, want 2", code)
	}
	code, stdout, _ := cogport(t, "template", "refresh", dir, "--dry-run", "--templates", tpl)
	if code != 0 || !strings.Contains(stdout, "+# new in the template") {
		t.Errorf("--dry-run: exit %d, diff:\n%s", code, stdout)
	}
	if after := snapshot(t, dir); !equalMaps(before, after) {
		t.Error("--check or --dry-run changed files")
	}
}

// TestRefreshKeepsUserEdits is property-style: random user edits, newer
// templates, refresh. Every user line survives (merged, or inside a conflict
// block), deleted files stay deleted, untouched files take the new render,
// and once conflicts are resolved a second refresh changes nothing.
func TestRefreshKeepsUserEdits(t *testing.T) {
	tpl := newTemplates(t)
	want := filepath.Join(t.TempDir(), "want")
	generate(t, want, "--templates", tpl)
	for seed := int64(1); seed <= 12; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "pkg")
			generate(t, dir)
			rng := rand.New(rand.NewSource(seed))
			userLines, deleted := randomEdits(t, rng, dir)
			edited := map[string]bool{}
			for name := range userLines {
				edited[name] = true
			}
			code, _, stderr := cogport(t, "template", "refresh", dir, "--templates", tpl)
			if code != 0 && code != 1 {
				t.Fatalf("refresh: exit %d: %s", code, stderr)
			}
			for name, lines := range userLines {
				body := read(t, dir, name)
				for _, l := range lines {
					if !strings.Contains(body, l) {
						t.Errorf("%s lost the user's line %q", name, l)
					}
				}
			}
			for _, name := range deleted {
				if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
					t.Errorf("%s was deleted by the user and came back", name)
				}
			}
			for name, body := range snapshot(t, want) {
				if edited[name] || contains(deleted, name) || strings.HasPrefix(name, ".cogport/") {
					continue
				}
				if got := read(t, dir, name); got != body {
					t.Errorf("%s: untouched by the user, yet differs from the new render", name)
				}
			}
			resolveConflicts(t, dir)
			if code, stdout, stderr := cogport(t, "template", "refresh", dir, "--check"); code != 0 {
				t.Errorf("second refresh would still change things: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
}

// randomEdits adds and changes lines in some generated files and deletes
// one; it returns the lines the user wrote, by file, and the deleted files.
func randomEdits(t *testing.T, rng *rand.Rand, dir string) (map[string][]string, []string) {
	t.Helper()
	names := []string{"predict.py", "README.md", "cog.yaml", "requirements.txt", "weights.py", "script/lint", "script/push", ".dockerignore"}
	lines := map[string][]string{}
	for _, name := range names {
		if rng.Intn(2) == 0 {
			continue
		}
		body := strings.Split(strings.TrimSuffix(read(t, dir, name), "\n"), "\n")
		comment := "#"
		if strings.HasSuffix(name, ".md") {
			comment = "<!--"
		}
		for i := 0; i < 1+rng.Intn(3); i++ {
			at := rng.Intn(len(body) + 1)
			l := fmt.Sprintf("%s user line %d-%d", comment, rng.Int63(), i)
			body = append(body[:at], append([]string{l}, body[at:]...)...)
			lines[name] = append(lines[name], l)
		}
		if i := rng.Intn(len(body)); !strings.HasPrefix(body[i], comment+" user line") && strings.TrimSpace(body[i]) != "" {
			body[i] += " " + comment + " user change"
			lines[name] = append(lines[name], body[i])
		}
		os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(body, "\n")+"\n"), 0o644)
	}
	victim := []string{"script/test", ".dockerignore", "README.md"}[rng.Intn(3)]
	delete(lines, victim)
	os.Remove(filepath.Join(dir, victim))
	return lines, []string{victim}
}

// resolveConflicts keeps "yours" in every conflict block, as a user might.
func resolveConflicts(t *testing.T, dir string) {
	for name, body := range snapshot(t, dir) {
		if !strings.Contains(body, "<<<<<<< ") {
			continue
		}
		var out []string
		state := 0
		for _, l := range strings.Split(body, "\n") {
			switch {
			case strings.HasPrefix(l, "<<<<<<< "):
				state = 1
			case strings.HasPrefix(l, "||||||| ") && state == 1:
				state = 2
			case l == "=======" && state > 0:
				state = 3
			case strings.HasPrefix(l, ">>>>>>> ") && state == 3:
				state = 0
			default:
				if state <= 1 {
					out = append(out, l)
				}
			}
		}
		os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(out, "\n")), 0o644)
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			b, _ := os.ReadFile(p)
			m[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return m
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
