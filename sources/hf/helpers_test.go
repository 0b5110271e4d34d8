package hf_test

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cogport/cogport/sources/hf"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

// testSHA is a commit id for hand-built models.
const testSHA = "0123456789abcdef0123456789abcdef01234567"

// secret is a token that must never show up in errors or logs.
const secret = "hf_SeCrEtT0k3nThatMustNeverLeak"

// sleepLog records the waits the client asks for instead of waiting.
type sleepLog struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleepLog) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleepLog) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// newClient returns a client for srv whose retries do not wait.
func newClient(srv *hubtest.Server, token string, progress io.Writer) (*hf.Client, *sleepLog) {
	sl := &sleepLog{}
	c := hf.NewClient(hf.Options{Endpoint: srv.URL + "/", Token: token, HTTPClient: srv.Client(),
		Sleep: sl.sleep, Progress: progress})
	return c, sl
}

// sampleModel is a small diffusers-like repository.
func sampleModel() hubtest.Model {
	return hubtest.Model{
		ID: "acme/tiny-diffusion", SHA: testSHA, PipelineTag: "text-to-image", LibraryName: "diffusers",
		Tags:   []string{"diffusers", "text-to-image", "base_model:adapter:acme/base"},
		Config: map[string]any{"diffusers": map[string]any{"_class_name": "StableDiffusionPipeline"}},
		Extra: map[string]any{
			"safetensors":      map[string]any{"total": 1234},
			"transformersInfo": map[string]any{"auto_model": "AutoModel", "pipeline_tag": "text-to-image", "processor": "AutoProcessor"},
			"widgetData":       []any{map[string]any{"text": "a red fox", "example_title": "Fox"}},
		},
		Files: []hubtest.File{
			{Path: "README.md", Body: []byte("---\npipeline_tag: text-to-image\n---\n# Tiny\n\nA tiny diffusion model for tests only, nothing more.\n\n```py\npipe(\"a cat\", num_inference_steps=4)\n```\n")},
			{Path: "model_index.json", Body: []byte(`{"_class_name": "StableDiffusionPipeline"}`)},
			{Path: "unet/config.json", Body: []byte(`{"sample_size": 64}`)},
			{Path: "scheduler/scheduler_config.json", Body: []byte(`{}`)},
			{Path: "unet/diffusion_pytorch_model.safetensors", Size: 3_400_000_000, LFS: true},
		},
	}
}

// assertNoSecret fails when err's text holds the token.
func assertNoSecret(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), secret) {
		t.Errorf("error text leaks the token: %v", err)
	}
}

func paths(reqs []hubtest.Request) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = r.Path
	}
	return out
}
