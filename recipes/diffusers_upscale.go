package recipes

import (
	"math"
	"strconv"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// sampleLowResURL is the low-resolution cat of diffusers' upscaler docs.
const sampleLowResURL = "https://huggingface.co/datasets/hf-internal-testing/diffusers-images/resolve/main/sd2-upscale/low_res_cat.png"

// upscaler is one super-resolution pipeline and its defaults.
type upscaler struct {
	class  string
	factor int64
	// maxInput is the largest input side (about maxInput² pixels): larger
	// inputs are scaled down first, so the output fits in GPU memory.
	maxInput int64
	steps    int64
	guidance float64
	// noise: the pipeline takes a noise_level input (the x4 upscaler).
	noise bool
}

var upscalers = []upscaler{
	{class: "StableDiffusionUpscalePipeline", factor: 4, maxInput: 512, steps: 75, guidance: 9.0, noise: true},
	{class: "StableDiffusionLatentUpscalePipeline", factor: 2, maxInput: 1024, steps: 75, guidance: 9.0},
}

func upscalerOf(class string) (upscaler, bool) {
	for _, u := range upscalers {
		if u.class == class {
			return u, true
		}
	}
	return upscaler{}, false
}

// diffusersUpscale covers Stable Diffusion's x4 and latent x2 upscalers:
// an image in, the same image with four or two times the pixels per side.
type diffusersUpscale struct{}

func (diffusersUpscale) Info() Info {
	return Info{Name: "diffusers-upscale", Tasks: []string{"image-to-image"}, Libraries: []string{"diffusers"},
		Summary: "Stable Diffusion x4 and latent x2 upscalers: an image (and an optional prompt) in, a larger image out"}
}

// Match takes the upscaler classes whatever the task tag says.
func (diffusersUpscale) Match(m *facts.Model, c Class) bool {
	_, ok := upscalerOf(c.PipelineClass)
	return c.Library == "diffusers" && ok
}

func (diffusersUpscale) Needs(*facts.Model, Class) []string { return diffusersNeeds }

func (r diffusersUpscale) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	u, _ := upscalerOf(c.PipelineClass)
	p, err := diffusersPlan(m, m, c, o, pipelineSpec{recipe: r.Info().Name, template: "diffusers_upscale",
		class: c.PipelineClass, dtype: diffusersDtype(m, "float16"), reqs: []string{"pillow"}})
	if err != nil {
		return nil, err
	}
	steps := settingInt(m, "num_inference_steps", u.steps)
	guidance := settingFloat(m, "guidance_scale", u.guidance)
	p.Inputs = upscaleInputs(m, u, steps, guidance)
	p.Output = plan.Output{Type: "Path", Description: "the upscaled image"}
	rename := map[string]string{"image": "image=low_res"}
	args := callArgs(p, rename)
	if guidance == 0 {
		args = append(args, "guidance_scale=0.0")
	}
	p.Vars["CallArgs"] = append(args, "generator=generator")
	p.Vars["Factor"] = u.factor
	p.Vars["MaxInput"] = u.maxInput
	p.Vars["Purpose"] = "Image upscaling predictor"
	p.Vars["Doc"] = "Upscale an image, guided by an optional prompt."
	prompt := examplePrompt(m, "a white cat")
	image := exampleMedia(m, sampleLowResURL)
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"image": image, "prompt": prompt, "seed": int64(42)},
		Checker: "match_prompt", Expect: "A sharp, larger image that shows: " + prompt}}
	finishDiffusers(p, m, []string{`prompt="warm-up"`, `image=Image.new("RGB", (128, 128))`, "num_inference_steps=2"})
	return p, nil
}

func upscaleInputs(m *facts.Model, u upscaler, steps int64, guidance float64) []plan.Input {
	ins := []plan.Input{
		{Name: "image", Type: "Path", Description: "The image to upscale. Larger than " +
			strconv.FormatInt(u.maxInput, 10) + " pixels a side, it is scaled down first, so the output fits in memory."},
		{Name: "prompt", Type: "str", Default: "", Description: "What the image shows: it guides the detail the upscaler adds."},
	}
	if guidance != 0 {
		ins = append(ins, negativePromptInput("upscaled image"))
	}
	ins = append(ins, stepsInput(steps))
	if guidance != 0 {
		ins = append(ins, guidanceInput(guidance, "upscaled image"))
	}
	if u.noise {
		maxNoise := cfg(m, "model_index.json", "max_noise_level").Int()
		if maxNoise <= 0 {
			maxNoise = 350
		}
		level := int64(clamp(float64(settingInt(m, "noise_level", 20)), 0, float64(maxNoise)))
		ins = append(ins, plan.Input{Name: "noise_level", Type: "int", Default: level, Ge: plan.F(0),
			Le:          plan.F(math.Max(float64(level), float64(maxNoise))),
			Description: "Noise added to the input before upscaling: more invents more detail, less keeps it faithful."})
	}
	return append(ins, seedInput(), outputFormatInput())
}
