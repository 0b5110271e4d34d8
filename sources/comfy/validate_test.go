package comfy

import (
	"slices"
	"testing"
)

func TestValidate(t *testing.T) {
	api := `{
	"1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "anything.safetensors"}},
	"2": {"class_type": "KSampler", "inputs": {"seed": 1, "steps": 0, "cfg": 8, "sampler_name": "warp_drive", "scheduler": "normal",
	      "denoise": 1, "model": ["1", 0], "positive": ["1", 1], "latent_image": ["3", 0]}},
	"3": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 512, "batch_size": 1}},
	"4": {"class_type": "Unknown", "inputs": {"x": 1}}
	}`
	defs := defaultDefs(t)
	w, err := Parse([]byte(api), defs, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := Validate(w.Prompt, defs)
	want := []string{
		`node 2 (KSampler) input steps: 0 is below the minimum 1`,
		`node 2 (KSampler) input sampler_name: "warp_drive" is not one of its 32 options`,
		`node 2 (KSampler) input positive: node 1 output 1 is CLIP, the input takes CONDITIONING`,
		`node 2 (KSampler) input negative: required input missing`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("Validate:\n got %q\nwant %q", got, want)
	}
}
