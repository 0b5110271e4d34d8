package recipes

import (
	"fmt"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// textClassification covers sequence classifiers (sentiment, topic, NLI,
// toxicity): text in, every label with its score out.
type textClassification struct{}

func (textClassification) Info() Info {
	return Info{Name: "transformers-text-classification", Tasks: []string{"text-classification"}, Libraries: []string{"transformers"},
		Summary: "text classifiers: text in, every label with its score out"}
}

func (textClassification) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "text-classification"
}

func (textClassification) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "tokenizer_config.json"}
}

func (r textClassification) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	test := plan.TestCase{Inputs: map[string]any{"text": examplePrompt(m, "I love this movie, it is wonderful!")},
		Checker: "jq_query", Expect: "length > 0"}
	if n := textLabelCount(m); n > 0 {
		test.Expect = fmt.Sprintf("length == %d", n)
	}
	return pipelinePlan(m, c, o, nlpPipeline{
		recipe: r.Info().Name, template: "transformers_text_classification", task: "text-classification",
		inputs:  []plan.Input{textInput("Text to classify.")},
		output:  plan.Output{Type: "dict", Description: "label → score for every label (a JSON object keeps no order: sort by value for a ranking)"},
		purpose: "Text-classification predictor", doc: "Classify a text: every label with its score.",
		tests: []plan.TestCase{test, {Inputs: map[string]any{"text": " "}, Checker: "error_contains", Expect: "text is empty"}},
	})
}

// labelCount is the number of labels config.json names, 0 when unknown.
func textLabelCount(m *facts.Model) int {
	return len(cfg(m, "config.json", "id2label").Map())
}

// zeroShotClassification covers NLI models used as zero-shot classifiers
// (bart-large-mnli, DeBERTa NLI): text and labels of the caller's choosing
// in, a score per label out.
type zeroShotClassification struct{}

func (zeroShotClassification) Info() Info {
	return Info{Name: "transformers-zero-shot-classification", Tasks: []string{"zero-shot-classification"}, Libraries: []string{"transformers"},
		Summary: "zero-shot text classification: text and candidate labels in, a score per label out"}
}

func (zeroShotClassification) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "zero-shot-classification"
}

func (zeroShotClassification) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "tokenizer_config.json"}
}

// The labels are one comma-separated string rather than a list[str]: a
// list input shows as a repeated field in Replicate's form and needs one
// -i flag per item with cog predict, and labels rarely hold commas.
func (r zeroShotClassification) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	inputs := []plan.Input{
		textInput("Text to classify."),
		{Name: "candidate_labels", Type: "str", Description: "Labels to score the text against, separated by commas."},
		{Name: "multi_label", Type: "bool", Default: false,
			Description: "Score each label on its own (several can be true); otherwise the scores are shared out and add up to 1."},
		{Name: "hypothesis_template", Type: "str", Default: "This example is {}.",
			Description: "Sentence the model judges for each label, with {} where the label goes."},
	}
	example := map[string]any{"text": examplePrompt(m, "I have a problem with my iphone that needs to be resolved asap!"),
		"candidate_labels": "urgent, not urgent, phone, tablet, computer"}
	return pipelinePlan(m, c, o, nlpPipeline{
		recipe: r.Info().Name, template: "transformers_zero_shot_classification", task: "zero-shot-classification",
		inputs:  inputs,
		output:  plan.Output{Type: "dict", Description: "label → score (a JSON object keeps no order: sort by value for a ranking)"},
		purpose: "Zero-shot classification predictor", doc: "Score a text against labels given at prediction time.",
		tests: []plan.TestCase{{Inputs: example, Checker: "jq_query", Expect: "length == 5"},
			{Inputs: map[string]any{"text": "A text.", "candidate_labels": " , "}, Checker: "error_contains", Expect: "candidate_labels is empty"}},
	})
}
