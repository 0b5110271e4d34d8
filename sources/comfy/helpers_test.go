package comfy

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/cogport/cogport/sources/comfy/internal/jsonx"
	"github.com/cogport/cogport/sources/comfy/nodedef"
)

// corpusDir returns ../shared/corpus/comfy relative to the repository
// root, or skips the test when it is absent.
func corpusDir(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	dir := filepath.Join(root, "..", "shared", "corpus", "comfy")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s (run next to ../shared): %v", dir, err)
	}
	return dir
}

func readCorpus(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func coreDefs(t testing.TB) *nodedef.Table {
	t.Helper()
	defs, err := nodedef.Core()
	if err != nil {
		t.Fatal(err)
	}
	return defs
}

func defaultDefs(t testing.TB) *nodedef.Table {
	t.Helper()
	defs, err := nodedef.Default()
	if err != nil {
		t.Fatal(err)
	}
	return defs
}

// extraDefs is what a user would pass with --object-info for the pack
// workflows: the custom classes of the recorded Kiruthika-V-G dump
// (controlnet_aux and more) and the hand-written pack definitions in
// testdata. The dump's core classes are left out so that the shipped table
// is what the tests measure.
func extraDefs(t testing.TB) *nodedef.Table {
	t.Helper()
	dump, err := nodedef.Parse(readCorpus(t, "object_info/object_info__Kiruthika-V-G_comfyui-nodes.json"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "packs.object_info.json"))
	if err != nil {
		t.Fatal(err)
	}
	packs, err := nodedef.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	core := coreDefs(t)
	var custom []*nodedef.Node
	for _, c := range dump.Classes() {
		if core.Lookup(c) == nil {
			custom = append(custom, dump.Lookup(c))
		}
	}
	return nodedef.NewTable(custom...).With(packs)
}

// strayInputs are frontend leftovers the API files carry and the server
// ignores (DESIGN §5.2 step 8).
var strayInputs = map[string]bool{"upload": true, "choose file to upload": true, "is_changed": true}

// comparePrompts diffs got against the recorded want, modulo _meta and
// stray inputs, and returns the number of nodes that match exactly.
func comparePrompts(got, want *Prompt, defs *nodedef.Table) (matched int, diffs []string) {
	ids := map[string]bool{}
	for _, n := range got.Nodes {
		ids[n.ID] = true
	}
	for _, n := range want.Nodes {
		ids[n.ID] = true
	}
	keys := make([]string, 0, len(ids))
	for id := range ids {
		keys = append(keys, id)
	}
	slices.SortFunc(keys, CompareIDs)
	for _, id := range keys {
		d := compareNode(got.Node(id), want.Node(id), defs)
		if len(d) == 0 {
			matched++
		}
		diffs = append(diffs, d...)
	}
	return matched, diffs
}

func compareNode(g, w *Node, defs *nodedef.Table) []string {
	switch {
	case g == nil:
		return []string{fmt.Sprintf("node %s (%s): missing from the conversion", w.ID, w.Class)}
	case w == nil:
		return []string{fmt.Sprintf("node %s (%s): not in the recorded API", g.ID, g.Class)}
	case g.Class != w.Class:
		return []string{fmt.Sprintf("node %s: class %s, recorded %s", g.ID, g.Class, w.Class)}
	}
	var diffs []string
	for _, wi := range w.Inputs {
		gi, ok := g.Input(wi.Name)
		switch {
		case !ok && stray(defs, w.Class, wi.Name):
		case !ok:
			diffs = append(diffs, fmt.Sprintf("node %s (%s) input %s: missing, recorded %s", w.ID, w.Class, wi.Name, show(wi)))
		case !sameInput(gi, wi):
			diffs = append(diffs, fmt.Sprintf("node %s (%s) input %s: %s, recorded %s", w.ID, w.Class, wi.Name, show(gi), show(wi)))
		}
	}
	for _, gi := range g.Inputs {
		if _, ok := w.Input(gi.Name); !ok {
			diffs = append(diffs, fmt.Sprintf("node %s (%s) input %s: %s, not recorded", g.ID, g.Class, gi.Name, show(gi)))
		}
	}
	return diffs
}

// stray reports a recorded input the definition does not know: frontend
// leftovers like LoadImage's "upload".
func stray(defs *nodedef.Table, class, name string) bool {
	if strayInputs[name] {
		return true
	}
	def := defs.Lookup(class)
	if def == nil {
		return false
	}
	_, known := def.Input(name)
	return !known
}

func sameInput(a, b Input) bool {
	if (a.Link == nil) != (b.Link == nil) {
		return false
	}
	if a.Link != nil {
		return *a.Link == *b.Link
	}
	return jsonx.Equal(a.Value, b.Value)
}

func show(in Input) string {
	if in.Link != nil {
		return fmt.Sprintf("[%q, %d]", in.Link.Node, in.Link.Slot)
	}
	s := fmt.Sprintf("%#v", in.Value)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return strings.ReplaceAll(s, "\n", `\n`)
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func containsClass(diff, class string) bool {
	return strings.Contains(diff, "("+class+")")
}

func unmarshalNumbers(raw []byte, v any) error { return jsonx.Unmarshal(raw, v) }

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}
