package recipes

import (
	"slices"
	"strings"
	"testing"
)

func TestImageVariations(t *testing.T) {
	cases := []struct {
		name     string
		task     string
		settings map[string]any
		guidance float64
	}{
		{"card guidance", "image-to-image", map[string]any{"guidance_scale": int64(3)}, 3},
		{"diffusers' default", "", nil, 7.5},
		// The class decides, whatever the tag says.
		{"tagged text-to-image", "text-to-image", nil, 7.5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := pipelineModel("acme/variations", "StableDiffusionImageVariationPipeline",
				[]string{"unet", "vae", "image_encoder", "scheduler"}, map[string]string{
					"scheduler/scheduler_config.json": `{"_class_name": "PNDMScheduler"}`,
					"unet/config.json":                `{"sample_size": 64}`,
					"vae/config.json":                 `{"block_out_channels": [128, 256, 512, 512]}`,
				})
			m.PipelineTag = tc.task
			m.Card.Settings = tc.settings
			p := build(t, m, Options{})
			if p.Recipe != "diffusers-image-variations" {
				t.Fatalf("recipe %s, want diffusers-image-variations", p.Recipe)
			}
			names := planInputNames(p)
			for _, not := range []string{"prompt", "negative_prompt", "strength", "lora_url"} {
				if slices.Contains(names, not) {
					t.Errorf("input %s: a variation pipeline takes no %s", not, not)
				}
			}
			for _, want := range []string{"image", "width", "height", "num_inference_steps", "guidance_scale", "num_outputs", "seed"} {
				if !slices.Contains(names, want) {
					t.Errorf("no %s input in %v", want, names)
				}
			}
			if g := input(t, p, "guidance_scale"); g.Default != tc.guidance {
				t.Errorf("guidance_scale default %v, want %v", g.Default, tc.guidance)
			}
			if w := input(t, p, "width"); w.Default != int64(512) {
				t.Errorf("width default %v, want the native 512", w.Default)
			}
			py := renderPackage(t, p)
			for _, want := range []string{"StableDiffusionImageVariationPipeline.from_pretrained(", "image=pixels,",
				"num_images_per_prompt=num_outputs,", `mode="bicubic", align_corners=False, antialias=False`} {
				if !strings.Contains(py, want) {
					t.Errorf("predict.py lacks %q:\n%s", want, py)
				}
			}
		})
	}
}

// An img2img class stays with the img2img recipe.
func TestImageVariationsLeavesImg2Img(t *testing.T) {
	m := sdModel("StableDiffusionImg2ImgPipeline", "PNDMScheduler")
	if p := build(t, m, Options{}); p.Recipe != "diffusers-image-to-image" {
		t.Errorf("recipe %s, want diffusers-image-to-image", p.Recipe)
	}
}
