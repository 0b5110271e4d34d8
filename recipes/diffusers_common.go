package recipes

import (
	"fmt"
	"math"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// diffusersReqs are the packages every diffusers package pins.
var diffusersReqs = []string{"diffusers", "transformers", "accelerate", "safetensors", "huggingface-hub", "hf-transfer"}

// diffusersNeeds are the configs diffusers recipes read: the pipeline, the
// denoiser and VAE (native size), the scheduler (choices).
var diffusersNeeds = []string{"model_index.json", "unet/config.json", "transformer/config.json", "vae/config.json",
	"scheduler/scheduler_config.json"}

// pipelineSpec is what a diffusers recipe decided before the plan exists.
type pipelineSpec struct {
	recipe, template string
	// class is the pipeline class predict.py loads.
	class string
	dtype string
	reqs  []string
}

// diffusersPlan starts the plan of a diffusers recipe: source and names
// from src, weights from w (the same model, or an adapter's base), the
// pinned stack, and the Vars every diffusers template reads.
func diffusersPlan(src, w *facts.Model, c Class, o Options, s pipelineSpec) (*plan.Plan, error) {
	p := base(src, c, o, s.recipe, s.template)
	cardVariant, _ := w.Card.Settings["variant"].(string)
	variant, err := useWeights(p, w, c, o, cardVariant)
	if err != nil {
		return nil, err
	}
	reqs := append(append([]string{}, diffusersReqs...), s.reqs...)
	if err := useStack(p, diffusersStack, true, nil, reqs...); err != nil {
		return nil, err
	}
	load := []string{"model_dir", "torch_dtype=self.dtype"}
	if variant != "" {
		load = append(load, "variant=VARIANT")
	}
	for k, v := range map[string]any{
		"PipelineClass": s.class, "Dtype": s.dtype, "Variant": variant, "LoadArgs": load,
		"Denoiser": denoiser(w), "Compile": o.Compile, "Gated": false, "Scheduler": false,
		"LoraURL": false, "Adapter": false, "Warmup": []string{}, "Train": false,
	} {
		p.Vars[k] = v
	}
	return p, nil
}

// finishDiffusers adds what every diffusers plan ends with: the token input
// of gated weights, the LoRA cache module when predictions take a LoRA URL,
// peft when the package applies a LoRA, and the compile warm-up call.
func finishDiffusers(p *plan.Plan, w *facts.Model, warmup []string) {
	if p.Weights.Gated {
		addTokenInput(p)
	}
	if _, ok := p.InputNamed("lora_url"); ok {
		p.Vars["LoraURL"] = true
		p.Vars["ExtraFiles"] = []string{"lora_cache.py=lora_cache.py.tmpl"}
		// A fuzzer cannot invent a LoRA that fits the model.
		p.Vars["FuzzDisabled"] = []string{"lora_url"}
		if _, extra := p.InputNamed("extra_lora_url"); extra {
			p.Vars["FuzzDisabled"] = []string{"lora_url", "extra_lora_url"}
		}
	}
	if appliesLoRA(p) && !pinsPackage(p, "peft") {
		// load_lora_weights and set_adapters run on diffusers' PEFT backend:
		// without peft installed they raise "PEFT backend is required".
		p.Requirements = append(p.Requirements, plan.Requirement{Name: "peft", Version: diffusersStack.versions["peft"]})
	}
	if _, ok := p.InputNamed("scheduler"); ok {
		p.Vars["Scheduler"] = true
	}
	p.Vars["Warmup"] = warmup
}

// appliesLoRA reports whether predict.py calls load_lora_weights: for a
// LoRA URL input, or for the adapter an adapter package applies to its base.
func appliesLoRA(p *plan.Plan) bool {
	return p.Vars["LoraURL"] == true || p.Vars["Adapter"] == true
}

// denoiser names the pipeline's denoising model: a transformer (SD3, FLUX,
// video DiTs) or a UNet.
func denoiser(m *facts.Model) string {
	if cfg(m, "model_index.json", "transformer").Exists() || m.HasFile("transformer/config.json") {
		return "transformer"
	}
	return "unet"
}

// diffusersDtype is the dtype the card loads the pipeline in, else def.
func diffusersDtype(m *facts.Model, def string) string {
	if d, ok := m.Card.Settings["torch_dtype"].(string); ok && (d == "float16" || d == "bfloat16" || d == "float32") {
		return d
	}
	return def
}

// repoScheduler is the class of the repository's own scheduler, and
// whether it shifts timesteps by image size (FLUX-style dynamic shifting).
func repoScheduler(m *facts.Model) (string, bool) {
	const file = "scheduler/scheduler_config.json"
	return cfg(m, file, "_class_name").String(), cfg(m, file, "use_dynamic_shifting").Bool()
}

// Inputs shared by the diffusers recipes.

func promptInput(what string) plan.Input {
	return plan.Input{Name: "prompt", Type: "str", Description: "Text prompt: " + what}
}

func negativePromptInput(what string) plan.Input {
	return plan.Input{Name: "negative_prompt", Type: "str", Default: "",
		Description: "What the " + what + " should not show. Ignored without guidance (guidance_scale 1 or less)."}
}

// sizeInputs are width and height, multiples of step, at most max.
func sizeInputs(what string, def, step, max int64) []plan.Input {
	desc := fmt.Sprintf("in pixels, a multiple of %d. The model was trained at %d.", step, def)
	lo := float64(256)
	if def < 256 {
		lo = float64(step * 8)
	}
	return []plan.Input{
		{Name: "width", Type: "int", Default: def, Description: "Width of the " + what + " " + desc,
			Ge: plan.F(lo), Le: plan.F(float64(max))},
		{Name: "height", Type: "int", Default: def, Description: "Height of the " + what + " " + desc,
			Ge: plan.F(lo), Le: plan.F(float64(max))},
	}
}

func stepsInput(def int64) plan.Input {
	return plan.Input{Name: "num_inference_steps", Type: "int", Default: def,
		Description: "Number of denoising steps: more is slower and usually finer.",
		Ge:          plan.F(1), Le: plan.F(math.Max(100, float64(def)))}
}

func guidanceInput(def float64, what string) plan.Input {
	return plan.Input{Name: "guidance_scale", Type: "float", Default: def,
		Description: "How closely the " + what + " follows the prompt; higher is more literal.",
		Ge:          plan.F(0), Le: plan.F(math.Max(20, def))}
}

func numOutputsInput() plan.Input {
	return plan.Input{Name: "num_outputs", Type: "int", Default: int64(1), Description: "Number of images to generate.",
		Ge: plan.F(1), Le: plan.F(4)}
}

func outputFormatInput() plan.Input {
	return plan.Input{Name: "output_format", Type: "str", Default: "webp", Description: "Image file format.",
		Choices: []any{"webp", "jpg", "png"}}
}

// schedulerInput offers the schedulers compatible with the repo's own, or
// nothing when there is no choice to make.
func schedulerInput(m *facts.Model, f dfamily) []plan.Input {
	own, shift := repoScheduler(m)
	choices := schedulerChoices(f, own, shift)
	if len(choices) < 2 {
		return nil
	}
	return []plan.Input{{Name: "scheduler", Type: "str", Default: own, Choices: choices,
		Description: "Sampling scheduler. The default is the model's own; the others are built from its configuration."}}
}

// loraInputs let a prediction apply LoRA weights by URL (lora_cache.py).
func loraInputs() []plan.Input {
	return []plan.Input{
		{Name: "lora_url", Type: "str", Default: "",
			Description: "LoRA weights to apply: a Hugging Face repo (org/name or org/name/file.safetensors), " +
				"a .safetensors or .tar URL, or a data: URI. Empty for none. Downloads are cached between predictions."},
		loraScaleInput(1.0, "lora_url"),
		// A second LoRA composes with the first (a style on a subject):
		// both load through the same cache and apply with their own scale.
		{Name: "extra_lora_url", Type: "str", Default: "",
			Description: "A second LoRA to combine with lora_url, in the same forms. Empty for none."},
		{Name: "extra_lora_scale", Type: "float", Default: 1.0, Ge: plan.F(-1), Le: plan.F(3),
			Description: "Strength of the second LoRA (extra_lora_url): 0 turns it off, 1 is full strength."},
	}
}

func loraScaleInput(def float64, what string) plan.Input {
	return plan.Input{Name: "lora_scale", Type: "float", Default: clamp(def, -1, 3),
		Description: "Strength of the LoRA (" + what + "): 0 turns it off, 1 is full strength.",
		Ge:          plan.F(-1), Le: plan.F(3)}
}

// callArgs maps predict's inputs to the pipeline's keyword arguments: an
// input is passed under its own name unless rename says otherwise, and the
// inputs in skip (or renamed to "") are not passed at all.
func callArgs(p *plan.Plan, rename map[string]string) []string {
	skip := map[string]bool{"seed": true, "output_format": true, "scheduler": true, "lora_url": true,
		"lora_scale": true, "extra_lora_url": true, "extra_lora_scale": true, "hf_token": true}
	var args []string
	for _, in := range p.Inputs {
		arg, renamed := rename[in.Name]
		switch {
		case renamed && arg == "":
		case renamed:
			args = append(args, arg)
		case !skip[in.Name]:
			args = append(args, in.Name+"="+in.Name)
		}
	}
	return args
}

// firstSetting is the card's value for the first key it sets, else def.
func firstSetting(m *facts.Model, def float64, keys ...string) float64 {
	for _, k := range keys {
		if _, ok := setting(m, k); ok {
			return settingFloat(m, k, def)
		}
	}
	return def
}
