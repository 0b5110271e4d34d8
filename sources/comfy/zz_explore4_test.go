package comfy

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestExploreLoad(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir(t), "workflows", "*.json"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		w, err := Load(b, Options{Name: filepath.Base(f)})
		if err != nil {
			t.Logf("%s: ERROR %v", filepath.Base(f), err)
			continue
		}
		s := ""
		for _, m := range w.Models {
			s += fmt.Sprintf("\n   M %s [%s] %s %s %s", m.Name, m.Folder, m.Source, m.URL, m.Problem)
		}
		for _, p := range w.Packs {
			s += fmt.Sprintf("\n   P %s %s %s %v %s", p.Repo, p.Commit, p.Via, p.Classes, p.Note)
		}
		for _, u := range w.UnresolvedNodes {
			s += fmt.Sprintf("\n   U %s", u.Class)
		}
		t.Logf("%s: out=%v%s", filepath.Base(f), w.OutputNodes, s)
	}
}
