package comfy

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestLoadFacts(t *testing.T) {
	models, err := ParseModelMap([]byte("model.safetensors: {url: 'https://example.com/m.safetensors', folder: checkpoints}\n"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := Load(readTestdata(t, "primitive_reroute.ui.json"), Options{
		Name: "primitive_reroute.ui.json", Models: models, Catalog: smallCatalog(t),
		Trace: TraceOptions{Hide: []string{"denoise"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if w.Name != "primitive_reroute.ui.json" || w.Format != FormatUI || len(w.Nodes) != 7 {
		t.Errorf("workflow = %s %s with %d nodes", w.Name, w.Format, len(w.Nodes))
	}
	var prompt map[string]any
	if err := json.Unmarshal(w.Prompt, &prompt); err != nil || len(prompt) != 7 {
		t.Errorf("prompt: %v, %d nodes", err, len(prompt))
	}
	if !slices.Equal(w.OutputNodes, []string{"8"}) {
		t.Errorf("output nodes %v, want [8] (SaveImage)", w.OutputNodes)
	}
	for _, n := range w.Nodes {
		if !n.Core {
			t.Errorf("%s is core", n.Class)
		}
	}
	if len(w.Models) != 1 || w.Models[0].Source != SourceUser || w.Models[0].URL != "https://example.com/m.safetensors" {
		t.Errorf("models = %+v", w.Models)
	}
	if _, ok := w.ComfyInputNamed("denoise"); ok {
		t.Error("denoise was hidden")
	}
	if len(w.Packs) != 0 || len(w.UnresolvedNodes) != 0 {
		t.Errorf("a core-only workflow needs no packs: %+v %+v", w.Packs, w.UnresolvedNodes)
	}
}

// TestLoadWithObjectInfo passes the pack definitions a user's ComfyUI
// would report: the XLabs sampler's settings become inputs.
func TestLoadWithObjectInfo(t *testing.T) {
	raw := readCorpus(t, "workflows/cog-comfyui__xlabs_flux_controlnet.ui.json")
	without, err := Load(raw, Options{})
	if err != nil {
		t.Fatal(err)
	}
	with, err := Load(raw, Options{ObjectInfo: [][]byte{readTestdata(t, "packs.object_info.json")}})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"seed", "steps"} {
		if _, ok := without.ComfyInputNamed(name); ok {
			t.Errorf("without definitions XlabsSampler's values cannot be named, yet %s was traced", name)
		}
		if _, ok := with.ComfyInputNamed(name); !ok {
			t.Errorf("with definitions %s should be traced: %v", name, inputNames(with))
		}
	}
	if in, _ := with.ComfyInputNamed("seed"); targets(in) != "3.noise_seed" {
		t.Errorf("seed targets %s", targets(in))
	}
	if !slices.ContainsFunc(without.Warnings, func(w string) bool { return strings.Contains(w, "pass --object-info") }) {
		t.Errorf("warnings should suggest --object-info: %q", without.Warnings)
	}
	if _, err := Load(raw, Options{ObjectInfo: [][]byte{[]byte(`[]`)}}); err == nil || !strings.Contains(err.Error(), "object_info #1") {
		t.Errorf("a bad object_info must fail clearly: %v", err)
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load([]byte(`{"nodes": [], "links": []`), Options{}); !errors.Is(err, ErrNotJSON) {
		t.Errorf("truncated JSON: %v", err)
	}
	if _, err := Load([]byte(`{"a": 1} {"b": 2}`), Options{}); !errors.Is(err, ErrNotJSON) {
		t.Errorf("two documents: %v", err)
	}
	if _, err := Load(readTestdata(t, "cycle.api.json"), Options{MaxBytes: 10}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("size limit: %v", err)
	}
}
