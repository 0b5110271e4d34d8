// Package testenv finds what tests share with the rest of the project: the
// ../shared folder (corpus and referee) and the tools that judge generated
// packages. Only tests import it.
package testenv

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// RepoRoot is the folder holding go.mod, found from the working directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Shared is ../shared next to the repository, or "" when it is absent.
func Shared(t testing.TB) string {
	dir := filepath.Join(RepoRoot(t), "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	return dir
}

// Corpus is ../shared/corpus/<sub>; it skips the test when it is absent.
func Corpus(t testing.TB, sub string) string {
	t.Helper()
	shared := Shared(t)
	if shared == "" {
		t.Skip("skipping: ../shared is absent, so the real corpus cannot be read")
	}
	return filepath.Join(shared, "corpus", sub)
}

var refereeOnce sync.Mutex

// Referee runs ../shared/bin/cogcheck on a generated package and fails the
// test with its findings; it says so when the referee is absent. It also
// runs black --check on the package's Python when black is installed.
func Referee(t testing.TB, dir string) {
	t.Helper()
	blackCheck(t, dir)
	shared := Shared(t)
	if shared == "" {
		t.Log("skipped cogcheck: ../shared is absent")
		return
	}
	bin := filepath.Join(shared, "bin", "cogcheck")
	// The first run builds cogcheck into a cache; serialise that build.
	refereeOnce.Lock()
	out, err := exec.Command(bin, dir).CombinedOutput()
	refereeOnce.Unlock()
	if err != nil {
		t.Errorf("cogcheck %s: %v\n%s", dir, err, out)
	}
}

func blackCheck(t testing.TB, dir string) {
	t.Helper()
	black, err := exec.LookPath("black")
	if err != nil {
		return
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.py"))
	if len(files) == 0 {
		return
	}
	out, err := exec.Command(black, append([]string{"--check", "--quiet"}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("black would reformat the generated Python in %s: %s", dir, out)
	}
}

// RefereeAccepting is Referee for a package that must break one of the
// referee's rules by design, each accepted finding written "check: message"
// as cogcheck prints it (a run-API package has no cog-safe-push config,
// DESIGN §1.1). Every other finding fails the test, and so does an accepted
// one that no longer occurs, so the exception cannot outlive its reason.
func RefereeAccepting(t testing.TB, dir string, accepted []string) {
	t.Helper()
	if len(accepted) == 0 {
		Referee(t, dir)
		return
	}
	blackCheck(t, dir)
	shared := Shared(t)
	if shared == "" {
		t.Log("skipped cogcheck: ../shared is absent")
		return
	}
	refereeOnce.Lock()
	out, _ := exec.Command(filepath.Join(shared, "bin", "cogcheck"), "-json", dir).Output()
	refereeOnce.Unlock()
	var findings []struct {
		Check   string `json:"check"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(out, &findings); err != nil {
		t.Fatalf("cogcheck -json %s: %v\n%s", dir, err, out)
	}
	seen := map[string]bool{}
	for _, f := range findings {
		line := f.Check + ": " + f.Message
		if slices.Contains(accepted, line) {
			seen[line] = true
			continue
		}
		t.Errorf("cogcheck %s: %s", dir, line)
	}
	for _, a := range accepted {
		if !seen[a] {
			t.Errorf("cogcheck %s no longer reports the accepted finding %q: remove it from the case", dir, a)
		}
	}
}
