//go:build runtime

package e2e_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/e2e"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

// TestSentenceTransformers packages a tiny sentence-transformers model and
// embeds through cog's server: a vector of the model's width, of length 1
// when normalised, and a clear error for empty text.
func TestSentenceTransformers(t *testing.T) {
	runHF(t, hfCase{
		name:   "sentence-embedder",
		stack:  "transformers",
		kind:   "sentence-transformers",
		model:  hubtest.Model{PipelineTag: "sentence-similarity", LibraryName: "sentence-transformers"},
		recipe: "sentence-transformers-embeddings",
		calls: []call{
			{name: "defaults", input: map[string]any{"text": "hello world"}, check: vectorCheck(32, true)},
			{name: "not normalised", input: map[string]any{"text": "the cat sat on the mat", "normalize": false}, check: vectorCheck(32, false)},
			{name: "empty text", input: map[string]any{"text": "  "}, wantErr: "nothing to embed"},
			{name: "missing input", input: map[string]any{}, wantErr: "text"},
		},
	})
}

// TestWeightStrategies packages the same model with each way of getting
// weights and checks that setup() fetches them and predicts: hub
// (snapshot_download in setup from the Hub test server) and pget (pget
// multifile from the URLs in weights.json).
func TestWeightStrategies(t *testing.T) {
	for _, strategy := range []string{"hub", "pget"} {
		t.Run(strategy, func(t *testing.T) {
			r := runHF(t, hfCase{
				name:   "embedder-" + strategy,
				stack:  "transformers",
				kind:   "sentence-transformers",
				model:  hubtest.Model{PipelineTag: "sentence-similarity", LibraryName: "sentence-transformers"},
				args:   []string{"--weights", strategy},
				recipe: "sentence-transformers-embeddings",
				calls:  []call{{name: "defaults", input: map[string]any{"text": "hello world"}, check: vectorCheck(32, true)}},
			})
			if r.pkg.Strategy != strategy {
				t.Fatalf("weights.json says strategy %q, want %q", r.pkg.Strategy, strategy)
			}
			if !downloaded(r.hub, "model.safetensors") {
				t.Fatalf("setup did not download model.safetensors from the Hub; requests: %v", r.hub.Requests())
			}
		})
	}
}

// downloaded says whether file was fetched whole (GET) from the Hub.
func downloaded(hub *hubtest.Server, file string) bool {
	for _, req := range hub.Requests() {
		if req.Method == "GET" && strings.Contains(req.Path, "/resolve/") && strings.HasSuffix(req.Path, "/"+file) {
			return true
		}
	}
	return false
}

// TestPgetAfterInterruptedBoot leaves what a boot killed during pget
// leaves: a short weight file where the download was going and a stale
// temporary beside it. The next boot must fetch the file again and start;
// pget v0.8 refuses an existing destination, so writing straight to it
// used to brick every later boot.
func TestPgetAfterInterruptedBoot(t *testing.T) {
	runHF(t, hfCase{
		name:   "embedder-pget-interrupted",
		stack:  "transformers",
		kind:   "sentence-transformers",
		model:  hubtest.Model{PipelineTag: "sentence-similarity", LibraryName: "sentence-transformers"},
		args:   []string{"--weights", "pget"},
		recipe: "sentence-transformers-embeddings",
		beforeServe: func(t *testing.T, dir string) {
			weights := filepath.Join(dir, "weights")
			if err := os.MkdirAll(weights, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"model.safetensors", "model.safetensors.part"} {
				if err := os.WriteFile(filepath.Join(weights, f), []byte("cut"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		},
		calls: []call{{name: "defaults", input: map[string]any{"text": "hello world"}, check: vectorCheck(32, true)}},
	})
}

// vectorCheck wants a list of n finite floats, of Euclidean length 1 when
// unit is set.
func vectorCheck(n int, unit bool) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, _ *run, p e2e.Prediction) {
		t.Helper()
		var v []float64
		if err := json.Unmarshal(p.Output, &v); err != nil {
			t.Fatalf("output is not a list of floats: %s", clip(p.Output))
		}
		if len(v) != n {
			t.Fatalf("got %d dimensions, want %d", len(v), n)
		}
		var sum float64
		for _, x := range v {
			sum += x * x
		}
		norm := math.Sqrt(sum)
		if unit && math.Abs(norm-1) > 1e-4 {
			t.Fatalf("normalised vector has length %v", norm)
		}
		if !unit && math.Abs(norm-1) < 1e-6 {
			t.Fatalf("vector is unit length although normalize=false")
		}
	}
}
