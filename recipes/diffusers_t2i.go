package recipes

import (
	"fmt"
	"math"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// diffusersTextToImage covers diffusers text-to-image pipelines: Stable
// Diffusion 1.x/2.x, SDXL, SD3 and FLUX, told apart by their pipeline class,
// and other standard pipelines through DiffusionPipeline, with a warning.
type diffusersTextToImage struct{}

func (diffusersTextToImage) Info() Info {
	return Info{Name: "diffusers-text-to-image", Tasks: []string{"text-to-image"}, Libraries: []string{"diffusers"},
		Summary: "Stable Diffusion 1.x/2.x, SDXL, SD3 and FLUX pipelines (others through DiffusionPipeline): prompt in, images out"}
}

func (diffusersTextToImage) Match(m *facts.Model, c Class) bool {
	if c.Library != "diffusers" || c.Task != "text-to-image" {
		return false
	}
	_, _, known := familyOf(c.PipelineClass)
	return known || standardPipeline(c.PipelineClass)
}

func (diffusersTextToImage) Needs(*facts.Model, Class) []string { return diffusersNeeds }

func (r diffusersTextToImage) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	fam, known := t2iFamilyFor(m, c.PipelineClass)
	return planTextToImage(t2iJob{recipe: r.Info().Name, src: m, w: m, c: c, fam: fam, known: known}, o)
}

// standardPipeline reports whether an unknown class looks like a plain
// text-to-image pipeline that DiffusionPipeline loads and that takes the
// usual arguments (prompt, size, steps, guidance).
func standardPipeline(class string) bool {
	if !strings.HasSuffix(class, "Pipeline") || class == "DiffusionPipeline" {
		return false
	}
	for _, not := range []string{"Img2Img", "Inpaint", "Video", "Upscale", "Audio", "Music", "ControlNet", "Adapter",
		"Prior", "Variation", "Depth", "Pix2Pix", "3D", "Shap", "Unconditional", "DDPMPipeline", "DDIMPipeline"} {
		if strings.Contains(class, not) {
			return false
		}
	}
	return true
}

// t2iFamilyFor is the family of a class, or a generic one built from the
// model's configs for a standard pipeline cogport does not know.
func t2iFamilyFor(m *facts.Model, class string) (dfamily, bool) {
	if f, _, ok := familyOf(class); ok {
		return f, true
	}
	f := dfamily{name: "generic", t2i: []string{"DiffusionPipeline"}, dtype: "float16", steps: 50, guidance: 7.5,
		size: 512, maxSize: 2048, multiple: 8, negative: true}
	if denoiser(m) == "transformer" {
		f.dtype, f.size, f.multiple = "bfloat16", 1024, 16
	}
	return f, false
}

// t2iJob is one text-to-image package: named after src, loading the
// weights of w (the same model, or the base of a LoRA adapter).
type t2iJob struct {
	recipe string
	src, w *facts.Model
	c      Class
	fam    dfamily
	known  bool
	// adapter is the LoRA a package applies to its base, or nil.
	adapter *loraAdapter
}

func planTextToImage(j t2iJob, o Options) (*plan.Plan, error) {
	class := j.fam.classFor("text-to-image", j.c.PipelineClass)
	settings := settingsModel(j.src, j.w)
	p, err := diffusersPlan(j.src, j.w, j.c, o, pipelineSpec{recipe: j.recipe, template: "diffusers_text_to_image",
		class: class, dtype: diffusersDtype(settings, j.fam.dtype), reqs: j.fam.extraReqs})
	if err != nil {
		return nil, err
	}
	if !j.known {
		p.Warn(fmt.Sprintf("%s is not a pipeline cogport knows: the package loads it with DiffusionPipeline and passes "+
			"the usual text-to-image arguments (prompt, negative_prompt, width, height, steps, guidance); "+
			"check predict.py against the pipeline's __call__", j.c.PipelineClass))
	}
	s := t2iSettings(settings, j.w, j.fam)
	p.Inputs = t2iInputs(j, s)
	p.Output = plan.Output{Type: "list[Path]", Description: "the generated images"}
	p.Vars["Family"] = j.fam.name
	p.Vars["SizeMultiple"] = j.fam.multiple
	p.Vars["CallArgs"] = t2iCallArgs(p, s)
	p.Vars["Purpose"] = "Text-to-image predictor"
	p.Vars["Doc"] = "Generate images from a text prompt."
	useAdapter(p, j.adapter)
	prompt := examplePrompt(j.src, examplePrompt(j.w, "an astronaut riding a horse on the moon, photograph"))
	if j.adapter != nil && j.adapter.trigger != "" && !strings.Contains(prompt, j.adapter.trigger) {
		prompt = j.adapter.trigger
	}
	p.Tests = t2iTests(prompt, j.fam)
	finishDiffusers(p, j.w, t2iWarmup(s))
	if o.Train {
		if err := useDiffusersTraining(p, j.fam, s.size); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// t2iDefaults are the defaults: the card's recommended values when it has
// them (FLUX.1-schnell's 4 steps, SDXL-turbo's single step), else the family's.
type t2iDefaults struct {
	steps, size   int64
	guidance      float64
	fixedGuidance bool
	maxSequence   int64
}

func t2iSettings(card, w *facts.Model, fam dfamily) t2iDefaults {
	d := t2iDefaults{
		steps:       settingInt(card, "num_inference_steps", fam.steps),
		guidance:    settingFloat(card, "guidance_scale", fam.guidance),
		size:        nativeSize(w, fam),
		maxSequence: settingInt(card, "max_sequence_length", fam.maxSequence),
	}
	d.size = settingInt(card, "height", settingInt(card, "width", d.size))
	if d.size%fam.multiple != 0 || d.size > fam.maxSize {
		d.size = nativeSize(w, fam)
	}
	// A card that sets guidance_scale=0 runs a distilled model without
	// classifier-free guidance: raising it only slows the model down.
	d.fixedGuidance = d.guidance == 0
	return d
}

// nativeSize is the resolution the model was trained at: the denoiser's
// sample_size times the VAE's scale factor.
func nativeSize(m *facts.Model, fam dfamily) int64 {
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

func t2iInputs(j t2iJob, d t2iDefaults) []plan.Input {
	ins := []plan.Input{promptInput("what the image should show.")}
	if j.adapter != nil && j.adapter.trigger != "" {
		ins[0].Default = j.adapter.trigger
		ins[0].Description = fmt.Sprintf("Text prompt: what the image should show. Include %q, the LoRA's trigger, to invoke what it learned.", j.adapter.trigger)
	}
	if j.fam.negative && !d.fixedGuidance {
		ins = append(ins, negativePromptInput("image"))
	}
	ins = append(ins, sizeInputs("image", d.size, j.fam.multiple, j.fam.maxSize)...)
	ins = append(ins, stepsInput(d.steps))
	if !d.fixedGuidance {
		ins = append(ins, guidanceInput(d.guidance, "image"))
	}
	ins = append(ins, schedulerInput(j.w, j.fam)...)
	ins = append(ins, numOutputsInput())
	switch {
	case j.adapter != nil:
		ins = append(ins, loraScaleInput(j.adapter.scale, "the adapter this package serves"))
	case j.fam.lora:
		ins = append(ins, loraInputs()...)
	}
	return append(ins, seedInput(), outputFormatInput())
}

func t2iCallArgs(p *plan.Plan, d t2iDefaults) []string {
	args := callArgs(p, map[string]string{"num_outputs": "num_images_per_prompt=num_outputs"})
	if d.fixedGuidance {
		args = append(args, "guidance_scale=0.0")
	}
	if d.maxSequence > 0 {
		args = append(args, fmt.Sprintf("max_sequence_length=%d", d.maxSequence))
	}
	return append(args, "generator=generator")
}

// t2iWarmup is the compile warm-up call: the default size, so that the
// compiled graph is the one most predictions use, and two steps.
func t2iWarmup(d t2iDefaults) []string {
	args := []string{`prompt="warm-up"`, fmt.Sprintf("width=%d", d.size), fmt.Sprintf("height=%d", d.size),
		"num_inference_steps=2"}
	if d.fixedGuidance {
		args = append(args, "guidance_scale=0.0")
	}
	return args
}

func t2iTests(prompt string, fam dfamily) []plan.TestCase {
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

// settingsModel is the model whose card settings a package follows: the
// adapter's card over its base's, or the model's own.
func settingsModel(src, w *facts.Model) *facts.Model {
	if src == w {
		return w
	}
	merged := *w
	merged.Card.Settings = map[string]any{}
	for _, m := range []*facts.Model{w, src} {
		for k, v := range m.Card.Settings {
			merged.Card.Settings[k] = v
		}
	}
	return &merged
}
