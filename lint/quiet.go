package lint

import (
	"io"
	"os"
	"strings"
	"sync"
)

// stderrMu serialises quietly: os.Stderr is one per process. It is the only
// package-level variable that changes, and it guards a process resource.
var stderrMu sync.Mutex

// quietly runs f with os.Stderr redirected and returns the lines f wrote
// there. cog v0.22 prints some of its warnings instead of returning them:
// config.Load the CUDA/torch mismatch, the schema parser "predict() is
// deprecated" for every BasePredictor. A linter must not spray those on
// the user's terminal, and the checks turn the useful ones into findings.
func quietly(f func()) []string {
	stderrMu.Lock()
	defer stderrMu.Unlock()
	r, w, err := os.Pipe()
	if err != nil {
		f()
		return nil
	}
	saved := os.Stderr
	os.Stderr = w
	done := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(r)
		r.Close()
		done <- string(b)
	}()
	func() {
		defer func() {
			os.Stderr = saved
			w.Close()
		}()
		f()
	}()
	var lines []string
	for _, l := range strings.Split(<-done, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}
