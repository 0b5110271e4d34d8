package recipes

import (
	"fmt"
	"math"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// diffusersImageVariations covers image-variation pipelines: Stable
// Diffusion fine-tuned to take a CLIP image embedding where the text prompt
// was. An image goes in, new images of the same content and style come
// out; there is no prompt and no strength, unlike img2img, which redraws
// the input itself, so this is a recipe of its own.
type diffusersImageVariations struct{}

// variationPipeline is one image-variation pipeline and diffusers' defaults
// for it, which the model card's recommendations override.
type variationPipeline struct {
	class    string
	steps    int64
	guidance float64
	// family gives the native size, the size step and the schedulers.
	family string
}

var variationPipelines = []variationPipeline{
	{class: "StableDiffusionImageVariationPipeline", steps: 50, guidance: 7.5, family: "StableDiffusionPipeline"},
}

func variationOf(class string) (variationPipeline, bool) {
	for _, v := range variationPipelines {
		if v.class == class {
			return v, true
		}
	}
	return variationPipeline{}, false
}

func (diffusersImageVariations) Info() Info {
	return Info{Name: "diffusers-image-variations", Tasks: []string{"image-to-image"}, Libraries: []string{"diffusers"},
		Summary: "Stable Diffusion image variations: an image in (no prompt), new images of its content and style out"}
}

// Match takes the variation classes whatever the task tag says.
func (diffusersImageVariations) Match(m *facts.Model, c Class) bool {
	_, ok := variationOf(c.PipelineClass)
	return c.Library == "diffusers" && ok
}

func (diffusersImageVariations) Needs(*facts.Model, Class) []string { return diffusersNeeds }

func (r diffusersImageVariations) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	v, _ := variationOf(c.PipelineClass)
	fam, _, _ := familyOf(v.family)
	p, err := diffusersPlan(m, m, c, o, pipelineSpec{recipe: r.Info().Name, template: "diffusers_image_variations",
		class: v.class, dtype: diffusersDtype(m, fam.dtype), reqs: []string{"pillow"}})
	if err != nil {
		return nil, err
	}
	size := nativeSize(m, fam)
	steps := settingInt(m, "num_inference_steps", v.steps)
	guidance := settingFloat(m, "guidance_scale", v.guidance)
	p.Inputs = variationInputs(m, fam, size, steps, guidance)
	p.Output = plan.Output{Type: "list[Path]", Description: "the variations"}
	p.Vars["SizeMultiple"] = fam.multiple
	p.Vars["CallArgs"] = append(callArgs(p, map[string]string{"image": "image=pixels",
		"num_outputs": "num_images_per_prompt=num_outputs"}), "generator=generator")
	p.Vars["Purpose"] = "Image-variations predictor"
	p.Vars["Doc"] = "Make variations of an image: new images of its content and style."
	p.Tests = []plan.TestCase{
		{Inputs: map[string]any{"image": exampleMedia(m, sampleInitImageURL), "seed": int64(42)}},
		{Inputs: map[string]any{"image": exampleMedia(m, sampleInitImageURL), "width": fam.multiple*32 + 1},
			Checker: "error_contains", Expect: fmt.Sprintf("multiples of %d", fam.multiple)},
	}
	finishDiffusers(p, m, []string{fmt.Sprintf("image=Image.new(%q, (%d, %d))", "RGB", size, size),
		fmt.Sprintf("width=%d", size), fmt.Sprintf("height=%d", size), "num_inference_steps=2"})
	return p, nil
}

func variationInputs(m *facts.Model, fam dfamily, size, steps int64, guidance float64) []plan.Input {
	ins := []plan.Input{imageInput("The image to make variations of. The image encoder sees it squeezed to a small square " +
		"(224x224 for CLIP), as the model was trained, so its content and style matter more than its details.")}
	ins = append(ins, sizeInputs("variations", size, fam.multiple, fam.maxSize)...)
	ins = append(ins, stepsInput(steps),
		plan.Input{Name: "guidance_scale", Type: "float", Default: guidance,
			Description: "How closely the variations follow the image; higher is more literal, 1 or less turns guidance off.",
			Ge:          plan.F(0), Le: plan.F(math.Max(20, guidance))})
	ins = append(ins, schedulerInput(m, fam)...)
	return append(ins, numOutputsInput(), seedInput(), outputFormatInput())
}
