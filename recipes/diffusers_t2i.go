package recipes

import (
	"fmt"
	"math"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// diffusersTextToImage covers diffusers text-to-image pipelines: Stable
// Diffusion 1.x/2.x, SDXL, SD3 and FLUX, told apart by their pipeline class.
type diffusersTextToImage struct{}

// t2iFamily holds what differs between pipeline families: diffusers'
// defaults for each, overridden by the card's recommendations.
type t2iFamily struct {
	name     string
	classes  []string
	dtype    string
	steps    int64
	guidance float64
	size     int64
	maxSize  int64
	multiple int64
	negative bool
	// maxSequence is the T5 prompt length, for pipelines with a T5 encoder.
	maxSequence int64
	extraReqs   []string
}

var t2iFamilies = []t2iFamily{
	{name: "stable-diffusion", classes: []string{"StableDiffusionPipeline"}, dtype: "float16",
		steps: 50, guidance: 7.5, size: 512, maxSize: 1024, multiple: 8, negative: true},
	{name: "stable-diffusion-xl", classes: []string{"StableDiffusionXLPipeline"}, dtype: "float16",
		steps: 50, guidance: 5.0, size: 1024, maxSize: 2048, multiple: 8, negative: true},
	{name: "stable-diffusion-3", classes: []string{"StableDiffusion3Pipeline"}, dtype: "bfloat16",
		steps: 28, guidance: 7.0, size: 1024, maxSize: 2048, multiple: 16, negative: true,
		extraReqs: []string{"sentencepiece", "protobuf"}},
	{name: "flux", classes: []string{"FluxPipeline"}, dtype: "bfloat16",
		steps: 28, guidance: 3.5, size: 1024, maxSize: 2048, multiple: 16, maxSequence: 512,
		extraReqs: []string{"sentencepiece", "protobuf"}},
}

func familyOf(class string) (t2iFamily, bool) {
	for _, f := range t2iFamilies {
		for _, c := range f.classes {
			if c == class {
				return f, true
			}
		}
	}
	return t2iFamily{}, false
}

func (diffusersTextToImage) Info() Info {
	return Info{Name: "diffusers-text-to-image", Tasks: []string{"text-to-image"}, Libraries: []string{"diffusers"},
		Summary: "Stable Diffusion 1.x/2.x, SDXL, SD3 and FLUX pipelines: prompt in, images out"}
}

func (diffusersTextToImage) Match(m *facts.Model, c Class) bool {
	_, ok := familyOf(c.PipelineClass)
	return c.Library == "diffusers" && c.Task == "text-to-image" && ok
}

func (diffusersTextToImage) Needs(*facts.Model, Class) []string {
	return []string{"model_index.json", "unet/config.json", "transformer/config.json", "vae/config.json",
		"scheduler/scheduler_config.json"}
}

func (r diffusersTextToImage) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	fam, _ := familyOf(c.PipelineClass)
	p := base(m, c, o, r.Info().Name, "diffusers_text_to_image")
	cardVariant, _ := m.Card.Settings["variant"].(string)
	variant, err := useWeights(p, m, c, o, cardVariant)
	if err != nil {
		return nil, err
	}
	reqs := append([]string{"diffusers", "transformers", "accelerate", "safetensors", "huggingface-hub", "hf-transfer"}, fam.extraReqs...)
	if err := useStack(p, diffusersStack, true, nil, reqs...); err != nil {
		return nil, err
	}
	s := t2iSettings(m, fam)
	p.Inputs = t2iInputs(m, fam, s)
	p.Output = plan.Output{Type: "list[Path]", Description: "the generated images"}
	dtype := fam.dtype
	if d, ok := m.Card.Settings["torch_dtype"].(string); ok && (d == "float16" || d == "bfloat16" || d == "float32") {
		dtype = d
	}
	load := []string{"model_dir", "torch_dtype=TORCH_DTYPE"}
	if variant != "" {
		load = append(load, "variant=VARIANT")
	}
	p.Vars["PipelineClass"] = c.PipelineClass
	p.Vars["Family"] = fam.name
	p.Vars["Dtype"] = dtype
	p.Vars["Variant"] = variant
	p.Vars["LoadArgs"] = load
	p.Vars["SizeMultiple"] = fam.multiple
	p.Vars["CallArgs"] = t2iCallArgs(p, fam, s)
	p.Vars["Purpose"] = "Text-to-image predictor"
	p.Vars["Doc"] = "Generate images from a text prompt."
	p.Tests = t2iTests(m, fam, s)
	return p, nil
}

// t2iSettings are the defaults: the card's recommended values when it has
// them (FLUX.1-schnell's 4 steps, SDXL-turbo's single step), else the family's.
type t2iDefaults struct {
	steps, size   int64
	guidance      float64
	fixedGuidance bool
	maxSequence   int64
}

func t2iSettings(m *facts.Model, fam t2iFamily) t2iDefaults {
	d := t2iDefaults{
		steps:       settingInt(m, "num_inference_steps", fam.steps),
		guidance:    settingFloat(m, "guidance_scale", fam.guidance),
		size:        nativeSize(m, fam),
		maxSequence: settingInt(m, "max_sequence_length", fam.maxSequence),
	}
	d.size = settingInt(m, "height", settingInt(m, "width", d.size))
	// A card that sets guidance_scale=0 runs a distilled model without
	// classifier-free guidance: raising it only slows the model down.
	d.fixedGuidance = d.guidance == 0
	return d
}

// nativeSize is the resolution the model was trained at: the denoiser's
// sample_size times the VAE's scale factor.
func nativeSize(m *facts.Model, fam t2iFamily) int64 {
	sample := cfg(m, "unet/config.json", "sample_size").Int()
	if sample == 0 {
		sample = cfg(m, "transformer/config.json", "sample_size").Int()
	}
	blocks := len(cfg(m, "vae/config.json", "block_out_channels").Array())
	if sample == 0 || blocks == 0 {
		return fam.size
	}
	size := sample * int64(math.Pow(2, float64(blocks-1)))
	if size < 256 || size > fam.maxSize || size%fam.multiple != 0 {
		return fam.size
	}
	return size
}

func t2iInputs(m *facts.Model, fam t2iFamily, d t2iDefaults) []plan.Input {
	ins := []plan.Input{{Name: "prompt", Type: "str", Description: "Text prompt: what the image should show."}}
	if fam.negative && !d.fixedGuidance {
		ins = append(ins, plan.Input{Name: "negative_prompt", Type: "str", Default: "",
			Description: "What the image should not show. Ignored without guidance (guidance_scale 1 or less)."})
	}
	sizeDesc := fmt.Sprintf("in pixels, a multiple of %d. The model was trained at %d.", fam.multiple, d.size)
	ins = append(ins,
		plan.Input{Name: "width", Type: "int", Default: d.size, Description: "Width of the image " + sizeDesc,
			Ge: plan.F(256), Le: plan.F(float64(fam.maxSize))},
		plan.Input{Name: "height", Type: "int", Default: d.size, Description: "Height of the image " + sizeDesc,
			Ge: plan.F(256), Le: plan.F(float64(fam.maxSize))},
		plan.Input{Name: "num_inference_steps", Type: "int", Default: d.steps,
			Description: "Number of denoising steps: more is slower and usually finer.",
			Ge:          plan.F(1), Le: plan.F(math.Max(100, float64(d.steps)))},
	)
	if !d.fixedGuidance {
		ins = append(ins, plan.Input{Name: "guidance_scale", Type: "float", Default: d.guidance,
			Description: "How closely the image follows the prompt; higher is more literal.",
			Ge:          plan.F(0), Le: plan.F(math.Max(20, d.guidance))})
	}
	ins = append(ins,
		plan.Input{Name: "num_outputs", Type: "int", Default: int64(1), Description: "Number of images to generate.",
			Ge: plan.F(1), Le: plan.F(4)},
		seedInput(),
		plan.Input{Name: "output_format", Type: "str", Default: "webp", Description: "Image file format.",
			Choices: []any{"webp", "jpg", "png"}},
	)
	return ins
}

func t2iCallArgs(p *plan.Plan, fam t2iFamily, d t2iDefaults) []string {
	var args []string
	for _, in := range p.Inputs {
		switch in.Name {
		case "num_outputs":
			args = append(args, "num_images_per_prompt=num_outputs")
		case "seed", "output_format":
		default:
			args = append(args, in.Name+"="+in.Name)
		}
	}
	if d.fixedGuidance {
		args = append(args, "guidance_scale=0.0")
	}
	if d.maxSequence > 0 {
		args = append(args, fmt.Sprintf("max_sequence_length=%d", d.maxSequence))
	}
	return append(args, "generator=generator")
}

func t2iTests(m *facts.Model, fam t2iFamily, d t2iDefaults) []plan.TestCase {
	prompt := examplePrompt(m, "an astronaut riding a horse on the moon, photograph")
	return []plan.TestCase{
		{Inputs: map[string]any{"prompt": prompt, "seed": int64(42)}, Checker: "match_prompt",
			Expect: "An image that shows: " + prompt},
		{Inputs: map[string]any{"prompt": prompt, "width": fam.multiple*32 + 1}, Checker: "error_contains",
			Expect: fmt.Sprintf("multiples of %d", fam.multiple)},
	}
}

// examplePrompt is the card's first example prompt, else its first widget
// text, else fallback.
func examplePrompt(m *facts.Model, fallback string) string {
	for _, p := range m.Card.Prompts {
		if p = strings.TrimSpace(p); p != "" {
			return p
		}
	}
	for _, w := range m.Widgets {
		if t := strings.TrimSpace(w.Text); t != "" {
			return t
		}
	}
	return fallback
}
