package nodedef

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/cogport/cogport/sources/comfy/catalog"
)

func parseFile(t *testing.T, name string) *Table {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	tab, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func inputNames(ins []Input) []string {
	var out []string
	for _, in := range ins {
		out = append(out, in.Name)
	}
	return out
}

func TestParseKeepsDeclarationOrder(t *testing.T) {
	n := parseFile(t, "unordered.object_info.json").Lookup("Sampler")
	if n == nil {
		t.Fatal("Sampler missing")
	}
	want := []string{"model", "noise_seed", "steps", "mode", "ckpt", "photo", "prompt", "amount", "extra", "preset"}
	if got := inputNames(n.Inputs); !slices.Equal(got, want) {
		t.Errorf("inputs %v, want %v (key order, hidden left out)", got, want)
	}
	wantWidgets := []string{"noise_seed", "steps", "mode", "ckpt", "photo", "prompt", "amount", "preset"}
	if got := inputNames(n.Widgets()); !slices.Equal(got, wantWidgets) {
		t.Errorf("widgets %v, want %v (forceInput is a socket)", got, wantWidgets)
	}
	if n.DisplayName != "A Sampler" || len(n.Outputs) != 2 || n.Outputs[1] != (Output{"IMAGE", "image", true}) {
		t.Errorf("node = %+v", n)
	}
}

func TestParseSpecs(t *testing.T) {
	n := parseFile(t, "unordered.object_info.json").Lookup("Sampler")
	get := func(name string) Input {
		in, ok := n.Input(name)
		if !ok {
			t.Fatalf("no input %s", name)
		}
		return in
	}
	if s := get("noise_seed"); !s.HasControl() || !s.IsSeed() || *s.Max < 1.8e19 {
		t.Errorf("noise_seed = %+v: a seed name gets the companion", s)
	}
	if s := get("steps"); s.HasControl() || *s.Min != 1 || *s.Max != 100 || s.Default == nil {
		t.Errorf("steps = %+v", s)
	}
	if s := get("amount"); !s.HasControl() {
		t.Errorf("amount sets control_after_generate: %+v", s)
	}
	if s := get("mode"); s.Type != TypeCombo || len(s.Choices) != 2 || !s.HasChoice("slow") || s.HasChoice("medium") {
		t.Errorf("mode = %+v", s)
	}
	if s := get("ckpt"); len(s.Choices) != 0 || !s.HasChoice("anything.safetensors") {
		t.Errorf("ckpt = %+v: a list of the dump machine's files is no choice list", s)
	}
	if s := get("photo"); s.Upload != "image" || len(s.Choices) != 0 {
		t.Errorf("photo = %+v", s)
	}
	if s := get("prompt"); !s.Multiline || !s.DynamicPrompts {
		t.Errorf("prompt = %+v", s)
	}
	if s := get("preset"); s.Type != TypeCombo || len(s.Choices) != 2 || s.Default != "low" {
		t.Errorf("preset = %+v: the COMBO type takes its options from the spec", s)
	}
}

func TestParseSkipsMalformedClasses(t *testing.T) {
	tab := parseFile(t, "unordered.object_info.json")
	if tab.Lookup("Broken") == nil {
		t.Error("a class whose output is odd still has usable inputs")
	}
	if tab.Lookup("Renamed") != nil || len(tab.Skipped()) != 1 || !strings.Contains(tab.Skipped()[0], "Renamed") {
		t.Errorf("skipped = %v, want Renamed (name does not match its key)", tab.Skipped())
	}
	if _, err := Parse([]byte(`[1, 2]`)); err == nil {
		t.Error("a document that is not an object must fail")
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	tab := parseFile(t, "unordered.object_info.json")
	raw, err := Marshal(tab)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	a, b := tab.Lookup("Sampler"), again.Lookup("Sampler")
	if !slices.EqualFunc(a.Inputs, b.Inputs, func(x, y Input) bool {
		return x.Name == y.Name && x.Type == y.Type && x.Upload == y.Upload && x.HasControl() == y.HasControl() &&
			len(x.Choices) == len(y.Choices) && x.Optional == y.Optional
	}) {
		t.Errorf("round trip changed the inputs:\n%+v\n%+v", a.Inputs, b.Inputs)
	}
}

func TestWithOverrides(t *testing.T) {
	core, err := Core()
	if err != nil {
		t.Fatal(err)
	}
	extra := parseFile(t, "unordered.object_info.json")
	both := core.With(extra)
	if both.Lookup("Sampler") == nil || both.Lookup("KSampler") == nil || core.Lookup("Sampler") != nil {
		t.Error("With must extend a copy, not the shipped table")
	}
}

// TestCoreTableUpToDate regenerates the table from the corpus and compares
// it with the embedded one: `go generate ./sources/comfy/...` fixes drift.
func TestCoreTableUpToDate(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	corpus := filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "shared", "corpus", "comfy")
	dumps, _ := filepath.Glob(filepath.Join(corpus, "object_info", "*.json"))
	if len(dumps) == 0 {
		t.Skipf("corpus not found at %s", corpus)
	}
	slices.Sort(dumps)
	var raws [][]byte
	for _, d := range dumps {
		b, err := os.ReadFile(d)
		if err != nil {
			t.Fatal(err)
		}
		raws = append(raws, b)
	}
	core, err := Core()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := Select(raws, cat.Data().Core)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := Marshal(fresh)
	if string(got) != string(coreJSON) {
		t.Error("core.json is stale: run go generate ./sources/comfy/...")
	}
	if core.Len() < 200 || core.Lookup("KSampler") == nil || core.Lookup("LoadImage") == nil {
		t.Errorf("core table has %d classes", core.Len())
	}
}
