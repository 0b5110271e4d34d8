package recipes

import (
	"fmt"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// documentQuestionAnswering covers models that answer a question about a
// document image. Donut (a VisionEncoderDecoderModel) reads the page itself
// and writes the answer; the predictor runs it as its model card does.
// LayoutLM and LayoutLMv3 pick the answer out of words that Tesseract OCR
// finds, through the document-question-answering pipeline.
type documentQuestionAnswering struct{}

func (documentQuestionAnswering) Info() Info {
	return Info{Name: "transformers-document-question-answering", Tasks: []string{"document-question-answering"},
		Libraries: []string{"transformers"}, Summary: "document question answering (Donut, LayoutLM): page image and question in, answer out"}
}

func (documentQuestionAnswering) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "document-question-answering"
}

func (documentQuestionAnswering) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "preprocessor_config.json", "tokenizer_config.json"}
}

// layoutTypes are the LayoutLM versions the pipeline runs with plain OCR;
// LayoutLMv2 also needs detectron2, which has no pinned wheel.
var layoutTypes = map[string]bool{"layoutlm": true, "layoutlmv3": true}

func (r documentQuestionAnswering) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	donut := isEncoderDecoder(m, c)
	if !donut && !layoutTypes[modelType(m)] {
		return nil, fmt.Errorf("%w for task %s on %s: cogport runs Donut and LayoutLM (v1, v3) document models",
			ErrNoRecipe, c.Task, orUnknown(firstNonEmpty(c.Architecture, modelType(m))))
	}
	p := base(m, c, o, r.Info().Name, "transformers_document_question_answering")
	names := []string{"transformers", "safetensors", "tokenizers", "huggingface-hub", "pillow", "sentencepiece", "protobuf"}
	if !donut {
		names = append(names, "pytesseract")
		p.SystemPackages = []string{"tesseract-ocr"}
	}
	if _, err := useModel(p, m, c, o, false, "float32", []string{"torchvision"}, names...); err != nil {
		return nil, err
	}
	p.Inputs = []plan.Input{
		imageInput("Document image: a scan or a photo of one page."),
		{Name: "question", Type: "str", Description: "Question about the document."},
	}
	if donut {
		p.Output = plan.Output{Type: "dict", Description: "answer"}
	} else {
		p.Inputs = append(p.Inputs, plan.Input{Name: "top_k", Type: "int", Default: int64(1), Ge: plan.F(1), Le: plan.F(10),
			Description: "How many candidate answers to return."})
		p.Output = plan.Output{Type: "dict", Description: "answer, and answers: the top_k candidates with score and word span"}
	}
	p.Vars["Donut"] = donut
	if donut {
		// Donut loads through its own classes, which never run repository
		// code: a Donut with custom code is refused by the guard.
		p.Vars["TrustRemoteCode"] = false
	} else if err := usePipeline(p, m, o, "document-question-answering", "dtype=self.dtype", "device=self.device"); err != nil {
		return nil, err
	}
	p.Vars["Purpose"] = "Document question-answering predictor"
	p.Vars["Doc"] = "Answer a question about a document image."
	p.Deterministic = true
	src, question := exampleQuestion(m, sampleDocumentURL, "What is the invoice number?")
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"image": src, "question": question},
		Checker: "jq_query", Expect: ".answer | length > 0"}}
	return p, nil
}
