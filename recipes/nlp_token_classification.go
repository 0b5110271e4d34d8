package recipes

import (
	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// tokenClassification covers token taggers (named entities, parts of
// speech): text in, the tagged spans with their offsets out.
type tokenClassification struct{}

func (tokenClassification) Info() Info {
	return Info{Name: "transformers-token-classification", Tasks: []string{"token-classification"}, Libraries: []string{"transformers"},
		Summary: "token classification (NER, POS): text in, entities with scores and character offsets out"}
}

func (tokenClassification) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "token-classification"
}

func (tokenClassification) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "tokenizer_config.json"}
}

func (r tokenClassification) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	inputs := []plan.Input{
		textInput("Text to tag."),
		{Name: "aggregation_strategy", Type: "str", Default: "simple",
			Choices: []any{"none", "simple", "first", "average", "max"},
			Description: "How tokens merge into entities: none keeps one tag per token; simple merges neighbours with the same tag; " +
				"first, average and max merge whole words, taking the first token's tag, the average score or the best score."},
	}
	return pipelinePlan(m, c, o, nlpPipeline{
		recipe: r.Info().Name, template: "transformers_token_classification", task: "token-classification",
		inputs:  inputs,
		output:  plan.Output{Type: "list[dict]", Description: "entities: entity (tag), word, score, and start and end character offsets"},
		purpose: "Token-classification predictor", doc: "Tag the entities of a text.",
		tests: []plan.TestCase{
			{Inputs: map[string]any{"text": examplePrompt(m, "My name is Wolfgang and I live in Berlin.")}, Checker: "jq_query", Expect: "length > 0"},
			{Inputs: map[string]any{"text": " "}, Checker: "error_contains", Expect: "text is empty"},
		},
	})
}
