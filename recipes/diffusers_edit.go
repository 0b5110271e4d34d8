package recipes

import (
	"fmt"

	"github.com/tidwall/gjson"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// Example inputs from diffusers' own documentation.
const (
	sampleInitImageURL = "https://huggingface.co/datasets/huggingface/documentation-images/resolve/main/diffusers/img2img-init.png"
	sampleInpaintURL   = "https://huggingface.co/datasets/huggingface/documentation-images/resolve/main/diffusers/inpaint.png"
	sampleMaskURL      = "https://huggingface.co/datasets/huggingface/documentation-images/resolve/main/diffusers/inpaint_mask.png"
)

// diffusersImageToImage covers img2img pipelines: an image and a prompt in,
// images out, with a strength that says how much of the image to redo.
type diffusersImageToImage struct{}

func (diffusersImageToImage) Info() Info {
	return Info{Name: "diffusers-image-to-image", Tasks: []string{"image-to-image"}, Libraries: []string{"diffusers"},
		Summary: "SD 1.x/2.x, SDXL, SD3 and FLUX img2img: an image and a prompt in, images out, with a strength"}
}

func (diffusersImageToImage) Match(m *facts.Model, c Class) bool {
	_, task, ok := familyOf(c.PipelineClass)
	return c.Library == "diffusers" && c.Task == "image-to-image" && ok && task != "inpainting"
}

func (diffusersImageToImage) Needs(*facts.Model, Class) []string { return diffusersNeeds }

func (r diffusersImageToImage) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	return planImageEdit(r.Info().Name, "image-to-image", m, c, o)
}

// diffusersInpainting covers inpainting pipelines (FLUX.1 Fill included):
// an image, a mask and a prompt in; the masked area repainted.
type diffusersInpainting struct{}

func (diffusersInpainting) Info() Info {
	return Info{Name: "diffusers-inpainting", Tasks: []string{"image-to-image"}, Libraries: []string{"diffusers"},
		Summary: "SD 1.x/2.x, SDXL, SD3 and FLUX inpainting and FLUX.1 Fill: image, mask and prompt in, the masked area repainted"}
}

// Match takes inpainting classes whatever the task: inpainting repos are
// tagged text-to-image as often as image-to-image.
func (diffusersInpainting) Match(m *facts.Model, c Class) bool {
	_, task, ok := familyOf(c.PipelineClass)
	return c.Library == "diffusers" && ok && task == "inpainting"
}

func (diffusersInpainting) Needs(*facts.Model, Class) []string { return diffusersNeeds }

func (r diffusersInpainting) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	return planImageEdit(r.Info().Name, "inpainting", m, c, o)
}

// editDefaults are an edit pipeline's defaults, card first.
type editDefaults struct {
	t2iDefaults
	strength float64
}

func editSettings(m *facts.Model, fam dfamily, class, task string) editDefaults {
	tweak, tweaked := classDefaults[class]
	steps, guidance, strength := fam.steps, fam.guidance, fam.i2iStrength
	if task == "inpainting" {
		strength = fam.inpaintStrength
	}
	if tweaked {
		steps, guidance, strength = tweak.steps, tweak.guidance, tweak.strength
	}
	f := fam
	f.steps, f.guidance = steps, guidance
	return editDefaults{t2iDefaults: t2iSettings(m, m, f), strength: clamp(settingFloat(m, "strength", strength), 0, 1)}
}

// planImageEdit plans img2img and inpainting packages, which differ by the
// mask input and the pipeline class.
func planImageEdit(recipe, task string, m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	fam, _, _ := familyOf(c.PipelineClass)
	class := fam.classFor(task, c.PipelineClass)
	template := "diffusers_image_to_image"
	if task == "inpainting" {
		template = "diffusers_inpainting"
	}
	p, err := diffusersPlan(m, m, c, o, pipelineSpec{recipe: recipe, template: template, class: class,
		dtype: diffusersDtype(m, fam.dtype), reqs: append([]string{"pillow"}, fam.extraReqs...)})
	if err != nil {
		return nil, err
	}
	s := editSettings(m, fam, class, task)
	p.Inputs = editInputs(m, fam, s, task)
	p.Output = plan.Output{Type: "list[Path]", Description: "the edited images"}
	// Inpainting pipelines default to the native size, not the image's:
	// they, and the flow-matching img2img pipelines, are given the size.
	sized := fam.sizedImg2Img || task == "inpainting"
	p.Vars["NativeSize"] = s.size
	p.Vars["SizeMultiple"] = fam.multiple
	p.Vars["CallArgs"] = editCallArgs(p, s, sized)
	p.Vars["Purpose"] = map[string]string{"inpainting": "Inpainting predictor", "image-to-image": "Image-to-image predictor"}[task]
	p.Vars["Doc"] = map[string]string{"inpainting": "Repaint the masked area of an image from a text prompt.",
		"image-to-image": "Transform an image by a text prompt."}[task]
	p.Tests = editTests(m, task)
	finishDiffusers(p, m, editWarmup(s, task))
	return p, nil
}

func editInputs(m *facts.Model, fam dfamily, d editDefaults, task string) []plan.Input {
	ins := []plan.Input{promptInput("what the result should show.")}
	scaled := fmt.Sprintf("It is scaled to about the model's native %dx%d pixels, keeping its aspect ratio.", d.size, d.size)
	strength := "How much to change the image: 0 keeps it, 1 replaces it entirely."
	if task == "inpainting" {
		ins = append(ins,
			plan.Input{Name: "image", Type: "Path", Description: "The image to repaint part of. " + scaled},
			plan.Input{Name: "mask", Type: "Path",
				Description: "Mask of the same size as the image: white areas are repainted, black areas kept."})
		strength = "How much to change the masked area: 1 repaints it from scratch, lower keeps more of it."
	} else {
		ins = append(ins, plan.Input{Name: "image", Type: "Path", Description: "The image to transform. " + scaled})
	}
	if fam.negative && !d.fixedGuidance {
		ins = append(ins, negativePromptInput("result"))
	}
	ins = append(ins,
		plan.Input{Name: "strength", Type: "float", Default: d.strength, Description: strength, Ge: plan.F(0), Le: plan.F(1)},
		stepsInput(d.steps))
	if !d.fixedGuidance {
		ins = append(ins, guidanceInput(d.guidance, "result"))
	}
	ins = append(ins, schedulerInput(m, fam)...)
	ins = append(ins, numOutputsInput())
	if fam.lora && !refinerOnly(m) {
		ins = append(ins, loraInputs()...)
	}
	return append(ins, seedInput(), outputFormatInput())
}

// refinerOnly reports whether m is a refiner, such as SDXL's: an img2img
// pipeline without the first text encoder (null in model_index.json), with
// a UNet of its own. LoRAs are made for base models and fit neither:
// diffusers would load their text-encoder layers into the missing encoder
// and their UNet layers into a UNet of other shapes.
func refinerOnly(m *facts.Model) bool {
	index := func(key string) gjson.Result { return cfg(m, "model_index.json", key) }
	encoder := index("text_encoder").Array()
	noEncoder := len(encoder) == 0 || encoder[0].Type == gjson.Null
	return index("requires_aesthetics_score").Bool() || noEncoder && index("text_encoder_2").Exists()
}

func editCallArgs(p *plan.Plan, d editDefaults, sized bool) []string {
	args := callArgs(p, map[string]string{"num_outputs": "num_images_per_prompt=num_outputs",
		"image": "image=init_image", "mask": "mask_image=mask_image"})
	if sized {
		args = append(args, "width=init_image.width", "height=init_image.height")
	}
	if d.fixedGuidance {
		args = append(args, "guidance_scale=0.0")
	}
	if d.maxSequence > 0 {
		args = append(args, fmt.Sprintf("max_sequence_length=%d", d.maxSequence))
	}
	return append(args, "generator=generator")
}

// editWarmup compiles for the native size, the size most inputs scale to.
func editWarmup(d editDefaults, task string) []string {
	blank := `image=Image.new("RGB", (NATIVE_SIZE, NATIVE_SIZE))`
	args := []string{`prompt="warm-up"`, blank}
	if task == "inpainting" {
		args = append(args, `mask_image=Image.new("L", (NATIVE_SIZE, NATIVE_SIZE), 255)`)
	}
	args = append(args, "strength=1.0", "num_inference_steps=2")
	if d.fixedGuidance {
		args = append(args, "guidance_scale=0.0")
	}
	return args
}

func editTests(m *facts.Model, task string) []plan.TestCase {
	prompt := examplePrompt(m, "a fantasy landscape, trending on artstation")
	if task == "inpainting" {
		prompt = examplePrompt(m, "a tiger sitting on a park bench")
		return []plan.TestCase{
			{Inputs: map[string]any{"prompt": prompt, "image": sampleInpaintURL, "mask": sampleMaskURL, "seed": int64(42)},
				Checker: "match_prompt", Expect: "An image that shows: " + prompt},
			{Inputs: map[string]any{"prompt": prompt, "image": sampleInpaintURL, "mask": sampleMaskURL,
				"strength": 0.01, "num_inference_steps": int64(2)}, Checker: "error_contains", Expect: "at least one denoising step"},
		}
	}
	image := exampleMedia(m, sampleInitImageURL)
	return []plan.TestCase{
		{Inputs: map[string]any{"prompt": prompt, "image": image, "seed": int64(42)},
			Checker: "match_prompt", Expect: "An image that shows: " + prompt},
		{Inputs: map[string]any{"prompt": prompt, "image": image, "strength": 0.01, "num_inference_steps": int64(2)},
			Checker: "error_contains", Expect: "at least one denoising step"},
	}
}
