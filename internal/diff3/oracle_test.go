package diff3

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// gitMerge runs `git merge-file -p --diff3` on the three texts: the oracle
// every merge test compares against. It returns git's output and its
// conflict count (git's exit status).
func gitMerge(t testing.TB, base, ours, theirs []byte, l Labels) ([]byte, int) {
	t.Helper()
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed: the merge oracle is unavailable")
	}
	dir := t.TempDir()
	files := map[string][]byte{"base": base, "ours": ours, "theirs": theirs}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(git, "merge-file", "-p", "--diff3",
		"-L", l.Ours, "-L", l.Base, "-L", l.Theirs, "ours", "base", "theirs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	out, err := cmd.Output()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out, 0
	case errors.As(err, &exit) && exit.ExitCode() > 0 && exit.ExitCode() < 128:
		return out, exit.ExitCode()
	default:
		t.Fatalf("git merge-file: %v", err)
		return nil, 0
	}
}
