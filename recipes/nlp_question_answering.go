package recipes

import (
	"slices"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// questionAnswering covers extractive question answering (SQuAD models): a
// question and a context in, the span of the context that answers it out.
type questionAnswering struct{}

func (questionAnswering) Info() Info {
	return Info{Name: "transformers-question-answering", Tasks: []string{"question-answering"}, Libraries: []string{"transformers"},
		Summary: "extractive question answering: question and context in, answer span with score and offsets out"}
}

func (questionAnswering) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "question-answering"
}

func (questionAnswering) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "tokenizer_config.json"}
}

func (r questionAnswering) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	inputs := []plan.Input{
		{Name: "question", Type: "str", Description: "Question to answer from the context."},
		{Name: "context", Type: "str", Description: "Text that holds the answer."},
		{Name: "max_answer_length", Type: "int", Default: int64(15), Ge: plan.F(1), Le: plan.F(512),
			Description: "Longest answer to consider, in tokens."},
	}
	example := map[string]any{"question": "Where do I live?", "context": "My name is Wolfgang and I live in Berlin."}
	p, err := pipelinePlan(m, c, o, nlpPipeline{
		recipe: r.Info().Name, template: "transformers_question_answering", task: "question-answering",
		inputs:  inputs,
		output:  plan.Output{Type: "dict", Description: "answer, score, and its start and end character offsets in the context"},
		purpose: "Question-answering predictor", doc: "Answer a question with a span of the context.",
		tests: []plan.TestCase{{Inputs: example, Checker: "jq_query", Expect: `.answer | length > 0`},
			{Inputs: map[string]any{"question": "Where?", "context": " "}, Checker: "error_contains", Expect: "context is empty"}},
	})
	if err != nil {
		return nil, err
	}
	useQALoader(p)
	return p, nil
}

// useQALoader swaps the pipeline for the tokenizer and model the template
// loads itself: transformers 5 has no question-answering pipeline.
func useQALoader(p *plan.Plan) {
	args, _ := p.Vars["PipelineArgs"].([]string)
	trust := slices.Contains(args, "trust_remote_code=True")
	// The dtype choose_device picked: float32 on the CPU.
	model := []string{"model_dir", "dtype=self.dtype"}
	delete(p.Vars, "PipelineArgs")
	p.Vars["TokenizerArgs"] = remoteCodeArgs([]string{"model_dir"}, trust)
	p.Vars["ModelArgs"] = remoteCodeArgs(model, trust)
}
