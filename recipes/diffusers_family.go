package recipes

// dfamily is one family of diffusers image pipelines: the pipeline class a
// package loads for each task, and diffusers' own defaults for them, which
// the model card's recommendations override.
type dfamily struct {
	name string
	// t2i, i2i and inpaint are the family's pipeline classes by task; the
	// first of each is the one loaded when the repo's own class is another
	// task's (an SDXL repo served as image-to-image).
	t2i, i2i, inpaint []string
	dtype             string
	steps             int64
	guidance          float64
	// size is the native resolution when the configs do not give it;
	// maxSize bounds width and height; sides are multiples of multiple.
	size, maxSize, multiple int64
	negative                bool
	// maxSequence is the T5 prompt length, for pipelines with a T5 encoder.
	maxSequence int64
	// sizedImg2Img: the img2img pipeline takes height and width. Without
	// them (SD, SDXL) the output takes the input image's size.
	sizedImg2Img bool
	// i2iStrength and inpaintStrength are the pipelines' default strengths.
	i2iStrength, inpaintStrength float64
	// schedulers are the schedulers offered when the repo's own scheduler
	// belongs to the same set; nil offers none.
	schedulers []string
	// lora: diffusers can load LoRA weights into the family's pipelines.
	lora      bool
	extraReqs []string
}

// karrasSchedulers are the common schedulers of diffusers'
// KarrasDiffusionSchedulers set: any of them can be built from another's
// config (scheduler_config.json) and drive SD 1.x/2.x and SDXL UNets.
// LMSDiscreteScheduler (needs scipy), DPMSolverSDEScheduler (torchsde),
// DDPMScheduler (hundreds of steps) and EDMEulerScheduler (EDM configs) are
// left out; a repo that ships one of them keeps it as the default.
var karrasSchedulers = []string{
	"DDIMScheduler", "DPMSolverMultistepScheduler", "DPMSolverSinglestepScheduler",
	"DEISMultistepScheduler", "EulerDiscreteScheduler", "EulerAncestralDiscreteScheduler",
	"HeunDiscreteScheduler", "KDPM2DiscreteScheduler", "KDPM2AncestralDiscreteScheduler",
	"PNDMScheduler", "UniPCMultistepScheduler",
}

// karrasSet is the whole KarrasDiffusionSchedulers enum: a repo whose
// scheduler is one of these gets karrasSchedulers as choices.
var karrasSet = append([]string{"LMSDiscreteScheduler", "DDPMScheduler", "DPMSolverSDEScheduler", "EDMEulerScheduler"},
	karrasSchedulers...)

// flowSchedulers are the flow-matching schedulers SD3 pipelines accept:
// they call set_timesteps(num_inference_steps) only (FLUX passes custom
// sigmas, which only FlowMatchEulerDiscreteScheduler takes).
var flowSchedulers = []string{"FlowMatchEulerDiscreteScheduler", "FlowMatchHeunDiscreteScheduler"}

var dfamilies = []dfamily{
	{name: "stable-diffusion", t2i: []string{"StableDiffusionPipeline"},
		i2i: []string{"StableDiffusionImg2ImgPipeline"}, inpaint: []string{"StableDiffusionInpaintPipeline"},
		dtype: "float16", steps: 50, guidance: 7.5, size: 512, maxSize: 1024, multiple: 8, negative: true,
		i2iStrength: 0.8, inpaintStrength: 1.0, schedulers: karrasSchedulers, lora: true},
	{name: "stable-diffusion-xl", t2i: []string{"StableDiffusionXLPipeline"},
		i2i: []string{"StableDiffusionXLImg2ImgPipeline"}, inpaint: []string{"StableDiffusionXLInpaintPipeline"},
		dtype: "float16", steps: 50, guidance: 5.0, size: 1024, maxSize: 2048, multiple: 8, negative: true,
		i2iStrength: 0.3, inpaintStrength: 0.9999, schedulers: karrasSchedulers, lora: true},
	{name: "stable-diffusion-3", t2i: []string{"StableDiffusion3Pipeline"},
		i2i: []string{"StableDiffusion3Img2ImgPipeline"}, inpaint: []string{"StableDiffusion3InpaintPipeline"},
		dtype: "bfloat16", steps: 28, guidance: 7.0, size: 1024, maxSize: 2048, multiple: 16, negative: true,
		sizedImg2Img: true, i2iStrength: 0.6, inpaintStrength: 0.6, schedulers: flowSchedulers, lora: true,
		extraReqs: []string{"sentencepiece", "protobuf"}},
	{name: "flux", t2i: []string{"FluxPipeline"},
		i2i: []string{"FluxImg2ImgPipeline"}, inpaint: []string{"FluxInpaintPipeline", "FluxFillPipeline"},
		dtype: "bfloat16", steps: 28, guidance: 3.5, size: 1024, maxSize: 2048, multiple: 16, maxSequence: 512,
		sizedImg2Img: true, i2iStrength: 0.6, inpaintStrength: 0.6, lora: true,
		extraReqs: []string{"sentencepiece", "protobuf"}},
}

// classDefaults are pipelines whose defaults differ from their family's:
// FLUX.1 Fill repaints the masked area whole, with strong guidance.
var classDefaults = map[string]struct {
	steps              int64
	guidance, strength float64
}{
	"FluxFillPipeline": {steps: 50, guidance: 30, strength: 1.0},
}

// familyOf finds the family of a pipeline class, and the task the class
// serves ("text-to-image", "image-to-image" or "inpainting").
func familyOf(class string) (dfamily, string, bool) {
	for _, f := range dfamilies {
		for task, classes := range map[string][]string{"text-to-image": f.t2i, "image-to-image": f.i2i, "inpainting": f.inpaint} {
			for _, c := range classes {
				if c == class {
					return f, task, true
				}
			}
		}
	}
	return dfamily{}, "", false
}

// classFor is the class a package of family f loads for task: the repo's
// own class when it serves that task, else the family's first.
func (f dfamily) classFor(task, repoClass string) string {
	classes := map[string][]string{"text-to-image": f.t2i, "image-to-image": f.i2i, "inpainting": f.inpaint}[task]
	for _, c := range classes {
		if c == repoClass {
			return c
		}
	}
	return classes[0]
}

// schedulerChoices are the schedulers a package offers, the repo's own
// first, or nil when it cannot offer a choice: the repo ships no scheduler
// config, or its scheduler is outside the family's compatible set.
func schedulerChoices(f dfamily, repoScheduler string, dynamicShift bool) []any {
	if repoScheduler == "" || f.schedulers == nil {
		return nil
	}
	set := f.schedulers
	if f.name == "stable-diffusion-3" && dynamicShift {
		// With dynamic shifting the pipeline passes mu to set_timesteps,
		// which only the Euler flow scheduler takes.
		return nil
	}
	if containsString(karrasSchedulers, set[0]) {
		set = karrasSet
	}
	if !containsString(set, repoScheduler) {
		return nil
	}
	out := []any{repoScheduler}
	for _, s := range f.schedulers {
		if s != repoScheduler {
			out = append(out, s)
		}
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
