package recipes

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// remoteCodeCase is a model of one task whose config.json maps its classes
// to code in the repository.
type remoteCodeCase struct {
	task, recipe, config string
	configs              map[string]string
	weightBytes          int64
}

var remoteCodeCases = []remoteCodeCase{
	{task: "image-text-to-text", recipe: "transformers-vlm-chat",
		config:  `{"architectures": ["AcmeVLForConditionalGeneration"], "model_type": "acme_vl", "auto_map": {"AutoConfig": "configuration_acme.AcmeVLConfig", "AutoModelForImageTextToText": "modeling_acme.AcmeVLForConditionalGeneration"}}`,
		configs: map[string]string{"chat_template.json": `{"chat_template": "{{ messages }}"}`}, weightBytes: largeWeights},
	{task: "image-to-text", recipe: "transformers-image-to-text",
		config: `{"architectures": ["AcmeCaptioner"], "model_type": "acme_cap", "auto_map": {"AutoModelForImageTextToText": "modeling_acme.AcmeCaptioner"}}`},
	{task: "visual-question-answering", recipe: "transformers-visual-question-answering",
		config: `{"architectures": ["AcmeVQA"], "model_type": "acme_vqa", "auto_map": {"AutoModelForVisualQuestionAnswering": "modeling_acme.AcmeVQA"}}`},
	{task: "document-question-answering", recipe: "transformers-document-question-answering",
		config: `{"architectures": ["LayoutLMForQuestionAnswering"], "model_type": "layoutlm", "auto_map": {"AutoModelForDocumentQuestionAnswering": "modeling_acme.AcmeDocQA"}}`},
	{task: "image-classification", recipe: "transformers-image-classification",
		config: `{"architectures": ["AcmeClassifier"], "model_type": "acme", "id2label": {"0": "a", "1": "b"}, "auto_map": {"AutoModelForImageClassification": "modeling_acme.AcmeClassifier"}}`},
	{task: "object-detection", recipe: "transformers-object-detection",
		config: `{"architectures": ["AcmeDetector"], "model_type": "acme", "auto_map": {"AutoModelForObjectDetection": "modeling_acme.AcmeDetector"}}`},
	{task: "image-segmentation", recipe: "transformers-image-segmentation",
		config: `{"architectures": ["AcmeSegmenter"], "model_type": "acme", "auto_map": {"AutoModelForImageSegmentation": "modeling_acme.AcmeSegmenter"}}`},
	{task: "depth-estimation", recipe: "transformers-depth-estimation",
		config: `{"architectures": ["AcmeDepth"], "model_type": "acme", "auto_map": {"AutoModelForDepthEstimation": "modeling_acme.AcmeDepth"}}`},
	{task: "zero-shot-image-classification", recipe: "transformers-zero-shot-image-classification",
		config: `{"architectures": ["AcmeCLIP"], "model_type": "acme", "auto_map": {"AutoModel": "modeling_acme.AcmeCLIP"}}`},
	{task: "audio-classification", recipe: "transformers-audio-classification",
		config: `{"architectures": ["AcmeAudio"], "model_type": "acme", "id2label": {"0": "a", "1": "b"}, "auto_map": {"AutoModelForAudioClassification": "modeling_acme.AcmeAudio"}}`},
	{task: "automatic-speech-recognition", recipe: "transformers-speech-recognition",
		config: `{"architectures": ["AcmeASR"], "model_type": "acme", "auto_map": {"AutoModelForSpeechSeq2Seq": "modeling_acme.AcmeASR"}}`},
}

func (rc remoteCodeCase) model() *facts.Model {
	configs := map[string]string{"config.json": rc.config}
	for k, v := range rc.configs {
		configs[k] = v
	}
	size := rc.weightBytes
	if size == 0 {
		size = smallWeights
	}
	return hubModel("acme/custom-"+rc.task, "transformers", rc.task, size, configs)
}

// With --trust-remote-code every vision, audio and multimodal recipe
// packages a model with repository code, and its predict.py trusts that
// code in every load call; without the flag the guard refuses it.
func TestRemoteCodeVisionAudioMultimodal(t *testing.T) {
	for _, tc := range remoteCodeCases {
		t.Run(tc.task, func(t *testing.T) {
			m := tc.model()
			if _, err := Default().Build(m, Options{}); !errors.Is(err, ErrRemoteCode) || !strings.Contains(err.Error(), "--trust-remote-code") {
				t.Fatalf("without the flag: %v, want ErrRemoteCode naming the flag", err)
			}
			p, err := Default().Build(m, Options{TrustRemoteCode: true})
			if err != nil {
				t.Fatalf("with the flag: %v", err)
			}
			if p.Recipe != tc.recipe || p.Vars["TrustRemoteCode"] != true {
				t.Fatalf("recipe %s trust %v, want %s trusting the code", p.Recipe, p.Vars["TrustRemoteCode"], tc.recipe)
			}
			if !warned(p.Warnings, "--trust-remote-code") || warned(p.Warnings, "add trust_remote_code=True") {
				t.Errorf("warnings %q: want the trusted-code warning only", p.Warnings)
			}
			checkTrustsEveryLoad(t, renderPackage(t, p))
		})
	}
}

var loadCall = regexp.MustCompile(`(\.from_pretrained|\bpipeline)\(`)

// checkTrustsEveryLoad finds every from_pretrained and pipeline call in
// predict.py and checks that each passes trust_remote_code=True.
func checkTrustsEveryLoad(t *testing.T, py string) {
	t.Helper()
	calls := loadCall.FindAllStringIndex(py, -1)
	if len(calls) == 0 {
		t.Fatalf("predict.py loads nothing:\n%s", py)
	}
	for _, at := range calls {
		args := callArguments(py[at[1]:])
		if !strings.Contains(args, "trust_remote_code=True") {
			t.Errorf("%s(%s) does not pass trust_remote_code=True", py[at[0]:at[1]-1], args)
		}
	}
}

// callArguments is the text up to the parenthesis that closes the call.
func callArguments(s string) string {
	depth := 1
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return s[:i]
			}
		}
	}
	return s
}

func warned(warnings []string, part string) bool {
	for _, w := range warnings {
		if strings.Contains(w, part) {
			return true
		}
	}
	return false
}

// A custom VLM registered under AutoModelForCausalLM only (Phi-3-vision,
// Florence-2 style) is loaded with that class: AutoModelForImageTextToText
// would not find its code.
func TestRemoteCodeVLMAutoClass(t *testing.T) {
	m := hubModel("acme/phi-vision", "transformers", "image-text-to-text", largeWeights, map[string]string{
		"config.json": `{"architectures": ["AcmeVForCausalLM"], "model_type": "acme_v", "auto_map": {"AutoConfig": "configuration_acme.AcmeVConfig", "AutoModelForCausalLM": "modeling_acme.AcmeVForCausalLM"}}`})
	m.Files = append(m.Files, facts.File{Path: "configuration_acme.py", Size: 900}, facts.File{Path: "modeling_acme.py", Size: 9000})
	p, err := Default().Build(m, Options{TrustRemoteCode: true})
	if err != nil {
		t.Fatal(err)
	}
	// The code is downloaded with the weights: transformers imports it
	// from the model folder.
	for _, code := range []string{"configuration_acme.py", "modeling_acme.py"} {
		if !slices.ContainsFunc(p.Weights.Files, func(f plan.WeightFile) bool { return f.Path == code }) {
			t.Errorf("weights.json lacks %s: %v", code, p.Weights.Files)
		}
	}
	py := renderPackage(t, p)
	checkTrustsEveryLoad(t, py)
	if !strings.Contains(py, "self.model = AutoModelForCausalLM.from_pretrained(") || strings.Contains(py, "AutoModelForImageTextToText") {
		t.Errorf("predict.py does not load the model with AutoModelForCausalLM:\n%s", py)
	}
	// Without repository code the class stays the standard one.
	plain := hubModel("acme/vl", "transformers", "image-text-to-text", largeWeights, map[string]string{"config.json": qwenVLConfig})
	if p := build(t, plain, Options{TrustRemoteCode: true}); p.Vars["ModelClass"] != "AutoModelForImageTextToText" || p.Vars["TrustRemoteCode"] != false {
		t.Errorf("a model without code: class %v trust %v", p.Vars["ModelClass"], p.Vars["TrustRemoteCode"])
	}
}

// Code written for transformers 4 may register its model only under
// AutoModelForVision2Seq, which transformers 5 dropped: the package loads
// it with AutoModelForImageTextToText, from a config whose auto_map names
// the class under both. Captioners and chat models alike.
func TestRemoteCodeRemovedAutoClass(t *testing.T) {
	for task, template := range map[string]string{"image-text-to-text": "transformers_vlm_chat", "image-to-text": "transformers_image_to_text"} {
		t.Run(task, func(t *testing.T) {
			m := hubModel("acme/old-vl", "transformers", task, largeWeights, map[string]string{
				"config.json": `{"architectures": ["AcmeVL"], "model_type": "acme_vl", "auto_map": {"AutoConfig": "configuration_acme.AcmeVLConfig", "AutoModelForVision2Seq": "modeling_acme.AcmeVL"}}`})
			p, err := Default().Build(m, Options{TrustRemoteCode: true})
			if err != nil {
				t.Fatal(err)
			}
			if p.Template != template || p.Vars["ModelClass"] != "AutoModelForImageTextToText" || p.Vars["AutoMapAlias"] != "AutoModelForVision2Seq" {
				t.Fatalf("template %s class %v alias %v", p.Template, p.Vars["ModelClass"], p.Vars["AutoMapAlias"])
			}
			py := renderPackage(t, p)
			checkTrustsEveryLoad(t, py)
			for _, want := range []string{
				`auto_map["AutoModelForImageTextToText"] = auto_map["AutoModelForVision2Seq"]`,
				"self.model = AutoModelForImageTextToText.from_pretrained(", "config=config",
			} {
				if !strings.Contains(py, want) {
					t.Errorf("predict.py lacks %q:\n%s", want, py)
				}
			}
		})
	}
	// A model mapped under a class transformers 5 has needs no alias.
	m := hubModel("acme/vl", "transformers", "image-text-to-text", largeWeights, map[string]string{
		"config.json": `{"architectures": ["AcmeVL"], "model_type": "acme_vl", "auto_map": {"AutoModelForCausalLM": "modeling_acme.AcmeVL"}}`})
	if p := build(t, m, Options{TrustRemoteCode: true}); p.Vars["AutoMapAlias"] != "" || strings.Contains(renderPackage(t, p), "AutoConfig") {
		t.Errorf("alias %q for a model transformers 5 can load", p.Vars["AutoMapAlias"])
	}
}

// A repository that replaces its task's pipeline with its own code answers
// in its own shape: refused with the reason, flag or not.
func TestRemoteCodeCustomPipelineRefused(t *testing.T) {
	m := hubModel("acme/bg-removal", "transformers", "image-segmentation", smallWeights, map[string]string{
		"config.json": `{"architectures": ["AcmeNet"], "auto_map": {"AutoModelForImageSegmentation": "net.AcmeNet"},
			"custom_pipelines": {"image-segmentation": {"impl": "pipe.AcmePipe", "pt": ["AutoModelForImageSegmentation"]}}}`})
	m.Files = append(m.Files, facts.File{Path: "requirements.txt", Size: 40})
	_, err := Default().Build(m, Options{TrustRemoteCode: true})
	if !errors.Is(err, ErrRemoteCode) {
		t.Fatalf("got %v, want ErrRemoteCode", err)
	}
	for _, part := range []string{"pipe.AcmePipe", "image-segmentation pipeline", "transformers-image-segmentation", "requirements.txt"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("refusal %q does not mention %q", err, part)
		}
	}
}
