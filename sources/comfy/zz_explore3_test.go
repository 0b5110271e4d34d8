package comfy

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestExploreTrace(t *testing.T) {
	defs := defaultDefs(t)
	files, _ := filepath.Glob(filepath.Join(corpusDir(t), "workflows", "*.json"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		w, err := Parse(b, defs, 0)
		if err != nil {
			t.Logf("%s: ERROR %v", filepath.Base(f), err)
			continue
		}
		ins, warns := Trace(w, defs, TraceOptions{})
		s := ""
		for _, in := range ins {
			d := fmt.Sprint(in.Default)
			if len(d) > 25 {
				d = d[:25]
			}
			s += fmt.Sprintf("\n      %s:%s=%q %v..%v ch%d ex=%v %v", in.Name, in.Type, d, ptr(in.Min), ptr(in.Max), len(in.Choices), in.Example, in.Targets)
		}
		t.Logf("%s:%s\n   warn %q", filepath.Base(f), s, warns)
	}
}

func ptr(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}
