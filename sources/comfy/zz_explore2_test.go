package comfy

import (
	"encoding/json"
	"os"
	"testing"
)

func TestExploreOne(t *testing.T) {
	defs := defaultDefs(t)
	b := readCorpus(t, "workflows/"+os.Getenv("WF"))
	w, err := Parse(b, defs, 0)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.MarshalIndent(w.Prompt, "", " ")
	t.Logf("%s\nshared %+v\ndeclared %+v\nunknown %v\nwarn %q", out, w.Shared, w.Declared, w.Unknown, w.Warnings)
}
