package recipes

import (
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
)

// A gated model mirrored to a CDN (--weights-url) downloads with pget from
// the mirror and asks for no token.
func TestWeightsURLMirrorsAGatedModel(t *testing.T) {
	m := &facts.Model{ID: "meta/llama", SHA: strings.Repeat("a", 40), Endpoint: "https://huggingface.co", Gated: "manual",
		LibraryName: "transformers", PipelineTag: "text-generation",
		Files: []facts.File{{Path: "config.json", Size: 10}, {Path: "model.safetensors", Size: 5e9}}}
	p, err := Default().Build(m, Options{WeightsURL: "https://cdn.example.com/llama"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Weights.Strategy != "pget" || p.Weights.Gated {
		t.Errorf("strategy %s gated %v, want pget from the mirror", p.Weights.Strategy, p.Weights.Gated)
	}
	for _, f := range p.Weights.Files {
		if !strings.HasPrefix(f.URL, "https://cdn.example.com/llama/") {
			t.Errorf("%s comes from %s, not the mirror", f.Path, f.URL)
		}
	}
	if _, ok := p.InputNamed("hf_token"); ok {
		t.Error("a mirrored model still asks for hf_token")
	}
	if _, err := Default().Build(m, Options{WeightsURL: "https://cdn.example.com/x", Weights: "hub"}); err == nil {
		t.Error("--weights hub with --weights-url was accepted")
	}
}
