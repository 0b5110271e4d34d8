package comfy

import (
	"os"
	"path/filepath"
	"testing"
)

func TestExploreAll(t *testing.T) {
	defs := defaultDefs(t)
	files, _ := filepath.Glob(filepath.Join(corpusDir(t), "workflows", "*.json"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		w, err := Parse(b, defs, 0)
		if err != nil {
			t.Logf("%s: ERROR %v", filepath.Base(f), err)
			continue
		}
		t.Logf("%s: %s %d nodes, unknown %d, warnings %q", filepath.Base(f), w.Format, len(w.Prompt.Nodes), len(w.Unknown), w.Warnings)
	}
}
