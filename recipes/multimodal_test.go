package recipes

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
)

const qwenVLConfig = `{"architectures": ["Qwen2_5_VLForConditionalGeneration"], "model_type": "qwen2_5_vl",
	"text_config": {"max_position_embeddings": 128000, "torch_dtype": "bfloat16"}}`

func TestVLMChatPlan(t *testing.T) {
	m := hubModel("Qwen/Qwen2.5-VL-3B-Instruct", "transformers", "image-text-to-text", largeWeights, map[string]string{
		"config.json": qwenVLConfig, "chat_template.json": `{"chat_template": "{% for m in messages %}{% endfor %}"}`})
	m.Gated = "auto"
	p := planFor(t, m, "transformers-vlm-chat")
	image := input(t, p, "image")
	if !image.Optional || !hasInput(p, "system_prompt") {
		t.Errorf("a chat VLM: image optional %v, system prompt %v, want both", image.Optional, hasInput(p, "system_prompt"))
	}
	if p.Inputs[0].Name != "image" || p.Output.Type != "ConcatenateIterator[str]" {
		t.Errorf("first input %s, output %s: want the image first and streamed text", p.Inputs[0].Name, p.Output.Type)
	}
	if tok := input(t, p, "hf_token"); tok.Type != "Secret" || p.Vars["Gated"] != true {
		t.Errorf("a gated VLM needs an hf_token Secret: %+v, Gated %v", tok, p.Vars["Gated"])
	}
	if p.Vars["ContextLength"] != int64(128000) || p.Vars["Dtype"] != "bfloat16" || !p.GPU {
		t.Errorf("context %v dtype %v gpu %v", p.Vars["ContextLength"], p.Vars["Dtype"], p.GPU)
	}
	renderAndReferee(t, p)
}

func TestVLMWithoutChatTemplate(t *testing.T) {
	// Small and template-less (PaliGemma-style): still a GPU, image required.
	m := hubModel("google/paligemma", "transformers", "image-text-to-text", smallWeights, map[string]string{
		"config.json": `{"architectures": ["PaliGemmaForConditionalGeneration"], "model_type": "paligemma"}`})
	p := planFor(t, m, "transformers-vlm-chat")
	if input(t, p, "image").Optional || hasInput(p, "system_prompt") || p.Vars["Chat"] != false {
		t.Errorf("without a chat template the image is required and there is no system prompt: %+v", p.Inputs)
	}
	if !p.GPU {
		t.Error("VLMs always get a GPU")
	}
	renderAndReferee(t, p)
	// processor_config.json may carry the template too.
	m.Configs["processor_config.json"] = []byte(`{"chat_template": "x"}`)
	if p := planFor(t, m, "transformers-vlm-chat"); p.Vars["Chat"] != true {
		t.Error("a chat template in processor_config.json was missed")
	}
}

func TestImageToTextPlan(t *testing.T) {
	m := hubModel("nlpconnect/vit-gpt2-image-captioning", "transformers", "image-to-text", smallWeights, map[string]string{
		"config.json": `{"architectures": ["VisionEncoderDecoderModel"], "model_type": "vision-encoder-decoder",
			"decoder": {"n_positions": 1024}}`,
		"generation_config.json": `{"max_new_tokens": 2000}`})
	p := planFor(t, m, "transformers-image-to-text")
	if hasInput(p, "prompt") || p.Vars["EncoderDecoder"] != true {
		t.Errorf("a ViT-GPT2 captioner takes no prompt: %+v", p.Inputs)
	}
	if mx := input(t, p, "max_new_tokens"); mx.Default != int64(1024) || *mx.Le != 1024 {
		t.Errorf("max_new_tokens %v ≤ %v: want the decoder's 1024 positions to cap both", mx.Default, *mx.Le)
	}
	renderAndReferee(t, p)
}

func TestVisualQuestionAnsweringGenerative(t *testing.T) {
	m := hubModel("Salesforce/blip2-opt-2.7b", "transformers", "visual-question-answering", largeWeights, map[string]string{
		"config.json": `{"architectures": ["Blip2ForConditionalGeneration"], "model_type": "blip-2", "torch_dtype": "float16"}`})
	p := planFor(t, m, "transformers-visual-question-answering")
	if hasInput(p, "top_k") || !hasInput(p, "max_new_tokens") || p.Vars["Classifier"] != false {
		t.Errorf("BLIP-2 writes its answers: %+v", p.Inputs)
	}
	if p.Vars["QuestionFormat"] != "Question: {} Answer:" || p.Vars["Dtype"] != "float16" {
		t.Errorf("question format %v dtype %v", p.Vars["QuestionFormat"], p.Vars["Dtype"])
	}
	renderAndReferee(t, p)
}

func TestVisualQuestionAnsweringClassifier(t *testing.T) {
	// The corpus ViLT: only the model info's config is known.
	m := hubModel("dandelin/vilt-b32-finetuned-vqa", "transformers", "visual-question-answering", smallWeights, nil)
	m.Config = []byte(`{"architectures": ["ViltForVisualQuestionAnswering"], "model_type": "vilt"}`)
	m.Widgets = append(m.Widgets, facts.Widget{Text: "What's the animal doing?", Src: "https://example.com/tiger.jpg"})
	p := planFor(t, m, "transformers-visual-question-answering")
	if k := input(t, p, "top_k"); *k.Le != 10 || p.Vars["Classifier"] != true {
		t.Errorf("ViLT without config: top_k ≤ %v, classifier %v", *k.Le, p.Vars["Classifier"])
	}
	if q := p.Tests[0].Inputs["question"]; q != "What's the animal doing?" || p.Tests[0].Inputs["image"] != "https://example.com/tiger.jpg" {
		t.Errorf("test %v: want the card's widget", p.Tests[0].Inputs)
	}
}

func TestDocumentQuestionAnswering(t *testing.T) {
	donut := hubModel("naver-clova-ix/donut-base-finetuned-docvqa", "transformers", "document-question-answering", smallWeights, nil)
	donut.Config = []byte(`{"architectures": ["VisionEncoderDecoderModel"], "model_type": "vision-encoder-decoder"}`)
	p := planFor(t, donut, "transformers-document-question-answering")
	if p.Vars["Donut"] != true || hasRequirement(p, "pytesseract") || hasInput(p, "top_k") {
		t.Errorf("Donut reads the page itself: vars %v requirements %v", p.Vars, p.Requirements)
	}

	layout := hubModel("impira/layoutlm-document-qa", "transformers", "document-question-answering", smallWeights, map[string]string{
		"config.json": `{"architectures": ["LayoutLMForQuestionAnswering"], "model_type": "layoutlm"}`})
	p = planFor(t, layout, "transformers-document-question-answering")
	if !hasRequirement(p, "pytesseract") || !slices.Contains(p.SystemPackages, "tesseract-ocr") || !hasInput(p, "top_k") {
		t.Errorf("LayoutLM needs OCR: requirements %v system %v", p.Requirements, p.SystemPackages)
	}
	renderAndReferee(t, p)

	v2 := hubModel("acme/layoutlmv2-docvqa", "transformers", "document-question-answering", smallWeights, map[string]string{
		"config.json": `{"architectures": ["LayoutLMv2ForQuestionAnswering"], "model_type": "layoutlmv2"}`})
	refused(t, v2, "Donut and LayoutLM")
}

func TestEncoderDecoderReadersAreCaptioners(t *testing.T) {
	m := hubModel("facebook/nougat-base", "transformers", "image-text-to-text", smallWeights, map[string]string{
		"config.json": `{"architectures": ["VisionEncoderDecoderModel"], "model_type": "vision-encoder-decoder"}`})
	p := planFor(t, m, "transformers-image-to-text")
	if p.Vars["EncoderDecoder"] != true || p.Task != "image-text-to-text" {
		t.Errorf("vars %v task %s", p.Vars, p.Task)
	}
}

func TestCustomCodeIsRefusedWithoutTheFlag(t *testing.T) {
	m := hubModel("acme/remote-vlm", "transformers", "image-text-to-text", largeWeights, map[string]string{
		"config.json": `{"architectures": ["AcmeVLM"], "model_type": "acme_vlm",
			"auto_map": {"AutoModelForImageTextToText": "modeling_acme.AcmeVLM"}}`})
	_, err := Default().Build(m, Options{})
	if !errors.Is(err, ErrRemoteCode) || !strings.Contains(err.Error(), "--trust-remote-code") {
		t.Errorf("a model with auto_map must be refused, naming the flag: %v", err)
	}
	// Without auto_map, the same model packages with no custom-code warning.
	plain := hubModel("acme/vlm", "transformers", "image-text-to-text", largeWeights, map[string]string{"config.json": qwenVLConfig})
	if p := planFor(t, plain, "transformers-vlm-chat"); slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.Contains(w, "auto_map") }) {
		t.Errorf("unexpected custom-code warning: %q", p.Warnings)
	}
}
