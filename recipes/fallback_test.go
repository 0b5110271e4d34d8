package recipes

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// The generic recipe is planned directly: which of these tasks reach it
// through the registry depends on the specific recipes other families add.
func TestGenericPipelineByInputKind(t *testing.T) {
	cases := []struct {
		task, arch string
		inputs     []string
		call       string
	}{
		{"zero-shot-object-detection", "OwlViTForObjectDetection", []string{"image", "candidate_labels"}, "self.pipe(picture, candidate_labels=labels)"},
		{"visual-question-answering", "ViltForQuestionAnswering", []string{"image", "question"}, "self.pipe(image=picture, question=question)"},
		{"audio-classification", "Wav2Vec2ForSequenceClassification", []string{"audio"}, "self.pipe(str(audio))"},
		{"feature-extraction", "BertModel", []string{"text"}, "self.pipe(text)"},
	}
	for _, tc := range cases {
		t.Run(tc.task, func(t *testing.T) {
			m := testModel{id: "acme/" + tc.task, task: tc.task, library: "transformers", arch: tc.arch, weightBytes: 600_000_000}.model()
			c := Classify(m)
			if !(genericPipeline{}).Match(m, c) {
				t.Fatalf("the generic pipeline does not take %s", tc.task)
			}
			p, err := genericPipeline{}.Plan(m, c, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Recipe != "transformers-pipeline" || p.Output.Type != "list" {
				t.Fatalf("recipe %s output %s, want the generic pipeline returning a list", p.Recipe, p.Output.Type)
			}
			if got := planInputNames(p); !slices.Equal(got, tc.inputs) {
				t.Errorf("inputs %v, want %v", got, tc.inputs)
			}
			if !slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.HasPrefix(w, "generic package") }) {
				t.Errorf("no generic-package warning in %q", p.Warnings)
			}
			py := renderPackage(t, p)
			if !strings.Contains(py, tc.call) || !strings.Contains(py, "return result if isinstance(result, list) else [result]") {
				t.Errorf("predict.py does not call the pipeline as %s:\n%s", tc.call, py)
			}
		})
	}
}

// Nobody else covers zero-shot object detection: the registry falls back.
func TestRegistryFallsBackToGenericPipeline(t *testing.T) {
	m := testModel{id: "acme/owl", task: "zero-shot-object-detection", library: "transformers", arch: "OwlViTForObjectDetection", weightBytes: 600_000_000}.model()
	if p := buildPlan(t, m, Options{}); p.Recipe != "transformers-pipeline" {
		t.Errorf("recipe %s, want the generic fallback", p.Recipe)
	}
	// Other libraries never fall back to transformers.pipeline.
	other := testModel{id: "acme/owl", task: "zero-shot-object-detection", library: "timm", weightBytes: 100}.model()
	if (genericPipeline{}).Match(other, Classify(other)) {
		t.Error("the generic pipeline took a timm model")
	}
}

func TestGenericPipelineLeavesMediaOutputsOut(t *testing.T) {
	for _, task := range []string{"depth-estimation", "image-to-image", "text-to-audio", "mask-generation", "table-question-answering", "translation"} {
		m := testModel{id: "acme/x", task: task, library: "transformers", arch: "SomeModel", weightBytes: 100}.model()
		if (genericPipeline{}).Match(m, Classify(m)) {
			t.Errorf("the generic pipeline took %s, whose answer is not JSON or whose pipeline is gone", task)
		}
	}
	m := testModel{id: "acme/x", task: "table-question-answering", library: "transformers", arch: "TapasForQuestionAnswering", weightBytes: 100}.model()
	if _, err := Default().Build(m, Options{}); !errors.Is(err, ErrNoRecipe) || !strings.Contains(err.Error(), "no recipe for task table-question-answering (library transformers)") {
		t.Errorf("table-question-answering: %v, want a no-recipe error naming task and library", err)
	}
}

func TestRefusals(t *testing.T) {
	tts := testModel{id: "acme/lm-tts", task: "text-to-speech", library: "transformers", arch: "LlamaForCausalLM", weightBytes: 100,
		configs: map[string]string{"config.json": `{"quantization_config": {"quant_method": "bitsandbytes", "load_in_4bit": true}}`}}.model()
	_, err := Default().Build(tts, Options{})
	if !errors.Is(err, ErrNoRecipe) || !strings.Contains(err.Error(), "LlamaForCausalLM") || !strings.Contains(err.Error(), "bitsandbytes") {
		t.Errorf("LM speech model: %v", err)
	}
	// vLLM text generation is packaged (see vllm_test.go); other vLLM
	// repositories are refused with the reason.
	vllm := testModel{id: "acme/embedder", task: "feature-extraction", library: "vllm", arch: "MistralModel", weightBytes: 100}.model()
	_, err = Default().Build(vllm, Options{})
	if !errors.Is(err, ErrNoRecipe) || !strings.Contains(err.Error(), "no recipe for task feature-extraction (library vllm)") || !strings.Contains(err.Error(), "text generation only") {
		t.Errorf("vLLM embedding model: %v", err)
	}
}

func TestRemoteCodeGuard(t *testing.T) {
	m := testModel{id: "acme/custom-cls", task: "text-classification", library: "transformers", arch: "CustomForSequenceClassification",
		weightBytes: 100_000_000,
		configs:     map[string]string{"config.json": `{"auto_map": {"AutoConfig": "conf.CustomConfig", "AutoModelForSequenceClassification": "model.Custom"}}`}}.model()
	_, err := Default().Build(m, Options{})
	if !errors.Is(err, ErrRemoteCode) || !strings.Contains(err.Error(), "--trust-remote-code") || !strings.Contains(err.Error(), "model.Custom") {
		t.Fatalf("without the flag: %v, want ErrRemoteCode naming the code and the flag", err)
	}
	p := buildPlan(t, m, Options{TrustRemoteCode: true})
	if p.Recipe != "transformers-text-classification" || p.Vars["TrustRemoteCode"] != true {
		t.Errorf("with the flag: recipe %s trust %v", p.Recipe, p.Vars["TrustRemoteCode"])
	}
	py := renderPackage(t, p)
	if !strings.Contains(py, "trust_remote_code=True") {
		t.Errorf("predict.py does not trust the remote code:\n%s", py)
	}
	// A recipe that cannot pass trust_remote_code is refused, not broken.
	emb := testModel{id: "acme/custom-emb", task: "sentence-similarity", library: "sentence-transformers", weightBytes: 100,
		configs: map[string]string{"config.json": `{"auto_map": {"AutoModel": "model.Custom"}}`}}.model()
	if _, err := Default().Build(emb, Options{TrustRemoteCode: true}); !errors.Is(err, ErrRemoteCode) || !strings.Contains(err.Error(), "cannot load such models") {
		t.Errorf("sentence-transformers with remote code: %v", err)
	}
	// Models without code do not change with the flag.
	plain := testModel{id: "acme/plain", task: "text-classification", library: "transformers", arch: "BertForSequenceClassification", weightBytes: 100}.model()
	if p := buildPlan(t, plain, Options{TrustRemoteCode: true}); p.Vars["TrustRemoteCode"] != false {
		t.Error("trust_remote_code set for a model without repository code")
	}
}

func TestRemoteCodeLists(t *testing.T) {
	m := testModel{id: "acme/x", configs: map[string]string{
		"config.json":           `{"auto_map": {"AutoConfig": "a.Config"}, "custom_pipelines": {"image-segmentation": {"impl": "pipe.Pipe"}}}`,
		"tokenizer_config.json": `{"auto_map": {"AutoTokenizer": ["tok.Slow", null]}}`,
	}}.model()
	if got, want := remoteCode(m), []string{"a.Config", "pipe.Pipe", "tok.Slow"}; !slices.Equal(got, want) {
		t.Errorf("remoteCode = %v, want %v", got, want)
	}
}
