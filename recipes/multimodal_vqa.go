package recipes

import (
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// visualQuestionAnswering covers models that answer a question about an
// image: ViLT, which picks from a fixed answer vocabulary (config.json's
// id2label), and BLIP and BLIP-2, which write the answer. transformers 5
// dropped the visual-question-answering pipeline, so the predictor calls the
// processor and the model itself.
type visualQuestionAnswering struct{}

func (visualQuestionAnswering) Info() Info {
	return Info{Name: "transformers-visual-question-answering", Tasks: []string{"visual-question-answering"},
		Libraries: []string{"transformers"}, Summary: "visual question answering: image and question in, answer out"}
}

func (visualQuestionAnswering) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "visual-question-answering"
}

func (visualQuestionAnswering) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "generation_config.json", "preprocessor_config.json", "tokenizer_config.json"}
}

func (r visualQuestionAnswering) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	p := base(m, c, o, r.Info().Name, "transformers_visual_question_answering")
	if _, err := useModel(p, m, c, o, false, "float32", []string{"torchvision"},
		"transformers", "safetensors", "tokenizers", "huggingface-hub", "pillow", "sentencepiece", "protobuf"); err != nil {
		return nil, err
	}
	classifier := modelType(m) == "vilt" || strings.HasPrefix(c.Architecture, "Vilt")
	p.Inputs = []plan.Input{
		imageInput("Image the question is about."),
		{Name: "question", Type: "str", Description: "Question about the image."},
	}
	if classifier {
		p.Inputs = append(p.Inputs, topKInput(labelCount(m, 10), "answers"))
		p.Output = plan.Output{Type: "dict", Description: "answer, and scores: the top_k answers with their scores"}
	} else {
		p.Inputs = append(p.Inputs, maxNewTokensInput(m, 20))
		p.Output = plan.Output{Type: "dict", Description: "answer"}
	}
	// BLIP-2 was trained on this prompt; the other models take the bare question.
	format := "{}"
	if modelType(m) == "blip-2" {
		format = "Question: {} Answer:"
	}
	p.Vars["Classifier"] = classifier
	useLoadArgs(p, m, o, map[string][]string{"ProcessorArgs": {"model_dir"}, "ModelArgs": {"model_dir", "dtype=self.dtype"}})
	p.Vars["QuestionFormat"] = format
	p.Vars["Purpose"] = "Visual question-answering predictor"
	p.Vars["Doc"] = "Answer a question about an image."
	p.Deterministic = true
	src, question := exampleQuestion(m, sampleImageURL, "What animal is in the picture?")
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"image": src, "question": question},
		Checker: "jq_query", Expect: ".answer | length > 0"}}
	return p, nil
}
