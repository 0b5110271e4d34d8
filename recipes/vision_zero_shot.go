package recipes

import (
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// zeroShotImageClassification covers CLIP-style models (CLIP, SigLIP,
// ALIGN, ...): an image and labels the caller chooses in, a score per label
// out, through the zero-shot-image-classification pipeline.
type zeroShotImageClassification struct{}

func (zeroShotImageClassification) Info() Info {
	return Info{Name: "transformers-zero-shot-image-classification", Tasks: []string{"zero-shot-image-classification"},
		Libraries: []string{"transformers"}, Summary: "CLIP-style models: image and candidate labels in, a score per label out"}
}

func (zeroShotImageClassification) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "zero-shot-image-classification"
}

func (zeroShotImageClassification) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "preprocessor_config.json", "tokenizer_config.json"}
}

// defaultHypothesis is the pipeline's own template, the prompt CLIP was
// evaluated with.
const defaultHypothesis = "This is a photo of {}."

func (r zeroShotImageClassification) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	p := base(m, c, o, r.Info().Name, "transformers_zero_shot_image_classification")
	if _, err := useModel(p, m, c, o, false, "float32", []string{"torchvision"},
		"transformers", "safetensors", "tokenizers", "huggingface-hub", "pillow", "sentencepiece", "protobuf"); err != nil {
		return nil, err
	}
	if err := usePipeline(p, m, o, "zero-shot-image-classification", "dtype=self.dtype", "device=self.device"); err != nil {
		return nil, err
	}
	hypothesis := defaultHypothesis
	if s, ok := setting(m, "hypothesis_template"); ok {
		if t, ok := s.(string); ok && validHypothesis(t) {
			hypothesis = t
		}
	}
	p.Inputs = []plan.Input{
		imageInput("Image to classify."),
		{Name: "candidate_labels", Type: "str", Description: "The labels to choose from, separated by commas."},
		{Name: "hypothesis_template", Type: "str", Default: hypothesis,
			Description: "Sentence each label is put into before it is compared with the image; {} marks the label."},
	}
	p.Output = plan.Output{Type: "dict", Description: "label → score (a JSON object keeps no order: sort by value for a ranking)"}
	p.Vars["Purpose"] = "Zero-shot image-classification predictor"
	p.Vars["Doc"] = "Score how well each candidate label describes the image."
	p.Deterministic = true
	p.Tests = []plan.TestCase{{
		Inputs:  map[string]any{"image": exampleMedia(m, sampleImageURL), "candidate_labels": "a cat, a dog, a car"},
		Checker: "jq_query", Expect: "length == 3"}}
	return p, nil
}

// validHypothesis reports whether the pipeline can fill t: str.format with
// one positional field, {}, and no other braces.
func validHypothesis(t string) bool {
	return strings.Count(t, "{}") == 1 && strings.Count(t, "{") == 1 && strings.Count(t, "}") == 1
}
