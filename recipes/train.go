package recipes

import (
	"fmt"

	"github.com/cogport/cogport/plan"
)

// Training (`--train`, DESIGN §1.6): train.py fine-tunes a LoRA and returns
// a TrainingOutput whose weights the predictor takes back through
// setup(weights) (COG_WEIGHTS). Its inputs live in Vars["TrainInputs"];
// the generators render train()'s signature from them.

// trainTimeout bounds one training in cog-safe-push's train section, in
// seconds: a few thousand LoRA steps on one GPU.
const trainTimeout = 3600

// useTraining adds train.py (rendered from tmpl) and its inputs to p.
func useTraining(p *plan.Plan, tmpl string, inputs []plan.Input, doc, example string) {
	p.Vars["Train"] = true
	p.Vars["TrainInputs"] = inputs
	p.Vars["TrainDoc"] = doc
	p.Vars["TrainExample"] = example
	p.Vars["TrainTimeout"] = trainTimeout
	files, _ := p.Vars["ExtraFiles"].([]string)
	p.Vars["ExtraFiles"] = append(append([]string(nil), files...), "train.py="+tmpl)
}

// zipInput is the training data: a zip of files with optional captions.
func zipInput(name, what string) plan.Input {
	return plan.Input{Name: name, Type: "Path", Description: what}
}

// trainSteps, learning rate and rank are the usual LoRA knobs, bounded so
// that a run fits the training timeout.
func loraTrainInputs(steps int64, lr float64) []plan.Input {
	return []plan.Input{
		{Name: "steps", Type: "int", Default: steps, Ge: plan.F(10), Le: plan.F(6000),
			Description: "Number of training steps: each one learns from one batch."},
		{Name: "learning_rate", Type: "float", Default: lr, Ge: plan.F(0.000001), Le: plan.F(0.01),
			Description: "Learning rate of the LoRA weights."},
		{Name: "rank", Type: "int", Default: int64(16), Ge: plan.F(1), Le: plan.F(128),
			Description: "LoRA rank: more learns finer detail, in a bigger file."},
		{Name: "batch_size", Type: "int", Default: int64(1), Ge: plan.F(1), Le: plan.F(8),
			Description: "Examples per training step."},
	}
}

// diffusersTrainable are the families train.py trains: UNet models, whose
// noise-prediction loss the script computes. SD3 and FLUX learn by flow
// matching through a transformer, which it does not implement.
var diffusersTrainable = map[string]bool{"stable-diffusion": true, "stable-diffusion-xl": true}

// useDiffusersTraining adds a LoRA trainer to a text-to-image package.
func useDiffusersTraining(p *plan.Plan, fam dfamily, size int64) error {
	if _, ok := p.InputNamed("lora_url"); !ok || !diffusersTrainable[fam.name] {
		return fmt.Errorf("--train: cogport trains LoRAs for Stable Diffusion 1.x/2.x and SDXL text-to-image models, not %s pipelines", fam.name)
	}
	ins := []plan.Input{
		zipInput("input_images", "A zip of training images (.jpg, .png, .webp). A caption for photo.jpg goes in photo.txt beside it; images without one are captioned with the trigger word."),
		{Name: "trigger_word", Type: "str", Default: "TOK",
			Description: "A made-up word for what the images show: it captions the images that have no caption and starts the others, and invokes the LoRA in prompts."},
		{Name: "resolution", Type: "int", Default: size, Ge: plan.F(256), Le: plan.F(float64(fam.maxSize)),
			Description: fmt.Sprintf("Training resolution: images are resized and center-cropped to this square, a multiple of %d.", fam.multiple)},
	}
	ins = append(ins, loraTrainInputs(1000, 0.0001)...)
	ins = append(ins, seedInput())
	ins = gatedTrainInput(p, ins)
	p.Vars["TrainSDXL"] = fam.name == "stable-diffusion-xl"
	useTraining(p, "train/diffusers_lora.py.tmpl", ins,
		"fine-tunes a LoRA of the UNet on a zip of images (captions from .txt files beside them, else the trigger word).",
		"-i input_images=@images.zip -i trigger_word=TOK")
	return nil
}

// useLLMTraining adds a PEFT LoRA trainer to a transformers text-generation
// package.
func useLLMTraining(p *plan.Plan, ctx int64) {
	maxLen := min(ctx, 2048)
	ins := []plan.Input{
		zipInput("train_data", "A zip holding one .jsonl file: one example a line, {\"prompt\": ..., \"completion\": ...} (chat models get the prompt through their chat template) or {\"text\": ...}."),
		{Name: "max_length", Type: "int", Default: maxLen, Ge: plan.F(16), Le: plan.F(float64(ctx)),
			Description: "Longest example in tokens: longer ones are cut."},
		{Name: "epochs", Type: "int", Default: int64(1), Ge: plan.F(1), Le: plan.F(20),
			Description: "Passes over the training data."},
	}
	knobs := loraTrainInputs(0, 0.0002)
	ins = append(ins, knobs[1:]...) // epochs replace steps
	ins = append(ins, seedInput())
	ins = gatedTrainInput(p, ins)
	useTraining(p, "train/transformers_lora.py.tmpl", ins,
		"fine-tunes a LoRA (PEFT) on a zip of JSON Lines examples, the loss on the completions only.",
		"-i train_data=@examples.zip")
}

// pinsPackage reports whether p already pins the package.
func pinsPackage(p *plan.Plan, name string) bool {
	for _, r := range p.Requirements {
		if r.Name == name {
			return true
		}
	}
	return false
}

// gatedTrainInput adds a token input to the training of gated weights:
// train() downloads the base model itself.
func gatedTrainInput(p *plan.Plan, ins []plan.Input) []plan.Input {
	if !p.Weights.Gated {
		return ins
	}
	return append(ins, plan.Input{Name: "hf_token", Type: "Secret", Optional: true,
		Description: "Hugging Face token of an account that accepted the model's terms, to download the gated base model (or set HF_TOKEN)."})
}
