package recipes

import (
	"slices"
	"strings"
	"testing"

	"github.com/cogport/cogport/plan"
)

const t5Config = `{"architectures": ["T5ForConditionalGeneration"], "model_type": "t5", "n_positions": 512,
  "task_specific_params": {
    "summarization": {"early_stopping": true, "length_penalty": 2.0, "max_length": 200, "min_length": 30,
      "no_repeat_ngram_size": 3, "num_beams": 4, "prefix": "summarize: "},
    "translation_en_to_de": {"early_stopping": true, "max_length": 300, "num_beams": 4, "prefix": "translate English to German: "},
    "translation_en_to_fr": {"early_stopping": true, "max_length": 300, "num_beams": 4, "prefix": "translate English to French: "}
  }}`

func TestSeq2SeqTranslationPrefixes(t *testing.T) {
	m := testModel{id: "acme/t5-tiny", task: "translation", library: "transformers", arch: "T5ForConditionalGeneration",
		modelType: "t5", weightBytes: 240_000_000, configs: map[string]string{"config.json": t5Config}}.model()
	p := buildPlan(t, m, Options{})
	if p.Recipe != "transformers-seq2seq" || p.GPU || p.Output.Type != "str" {
		t.Fatalf("recipe %s gpu %v output %s, want transformers-seq2seq on CPU returning str", p.Recipe, p.GPU, p.Output.Type)
	}
	task, ok := p.InputNamed("task")
	if !ok {
		t.Fatal("no task input for a model whose config gives task prefixes")
	}
	want := []any{"summarization", "en_to_de", "en_to_fr", "none"}
	if !slices.Equal(task.Choices, want) || task.Default != "en_to_de" {
		t.Errorf("task choices %v default %v, want %v default en_to_de", task.Choices, task.Default, want)
	}
	if !strings.Contains(task.Description, `translate English to German: `) {
		t.Errorf("task description does not show the prefixes: %q", task.Description)
	}
	if in, _ := p.InputNamed("max_new_tokens"); in.Default != int64(300) || *in.Le != 512 {
		t.Errorf("max_new_tokens default %v le %v, want the task's max_length 300 bounded by n_positions 512", in.Default, *in.Le)
	}
	if in, _ := p.InputNamed("num_beams"); in.Default != int64(4) {
		t.Errorf("num_beams default %v, want the task's 4 beams", in.Default)
	}
	py := renderPackage(t, p)
	for _, want := range []string{"AutoModelForSeq2SeqLM", `settings.get("prefix", "")`, "task_specific_params", "GPU_DTYPE = torch.float32",
		"self.device, self.dtype = choose_device(GPU_DTYPE)", "model_dir, dtype=self.dtype, device_map=self.device"} {
		if !strings.Contains(py, want) {
			t.Errorf("predict.py lacks %q", want)
		}
	}
}

func TestSeq2SeqLargeOnGPUWithoutPrefixes(t *testing.T) {
	m := testModel{id: "acme/flan-big", task: "text2text-generation", library: "transformers", arch: "T5ForConditionalGeneration",
		modelType: "t5", weightBytes: 3_000_000_000,
		configs: map[string]string{"config.json": `{"model_type": "t5", "n_positions": 512, "torch_dtype": "float32"}`,
			"generation_config.json": `{"num_beams": 1}`}}.model()
	p := buildPlan(t, m, Options{})
	if !p.GPU || p.Vars["Dtype"] != "bfloat16" {
		t.Errorf("gpu %v dtype %v, want a GPU in bfloat16 (T5 overflows in float16)", p.GPU, p.Vars["Dtype"])
	}
	if _, ok := p.InputNamed("task"); ok {
		t.Error("a task input without task prefixes in the config")
	}
	py := renderPackage(t, p)
	if strings.Contains(py, "import json") || strings.Contains(py, "GENERATION_KEYS") {
		t.Errorf("predict.py reads task settings it has no use for:\n%s", py)
	}
}

func TestSeq2SeqRejectsNonLanguageEncoderDecoders(t *testing.T) {
	m := testModel{id: "acme/ocr", task: "text2text-generation", library: "transformers", arch: "VisionEncoderDecoderModel",
		modelType: "vision-encoder-decoder", weightBytes: 100}.model()
	m.TransformersInfo.AutoModel = "AutoModelForVision2Seq"
	if (seq2seq{}).Match(m, Classify(m)) {
		t.Error("seq2seq matched a vision encoder-decoder")
	}
}

func TestFillMaskNamesTheMaskToken(t *testing.T) {
	for _, tc := range []struct {
		configs         map[string]string
		modelType, mask string
	}{
		{map[string]string{"tokenizer_config.json": `{"mask_token": "[MASK]"}`}, "bert", "[MASK]"},
		{map[string]string{"special_tokens_map.json": `{"mask_token": {"content": "<mask>", "lstrip": true}}`}, "roberta", "<mask>"},
		{nil, "xlm-roberta", "<mask>"},
	} {
		m := testModel{id: "acme/mlm", task: "fill-mask", library: "transformers", arch: "BertForMaskedLM", modelType: tc.modelType,
			weightBytes: 400_000_000, configs: tc.configs}.model()
		p := buildPlan(t, m, Options{})
		in, _ := p.InputNamed("text")
		if !strings.Contains(in.Description, tc.mask) {
			t.Errorf("%s: text description %q does not name %s", tc.modelType, in.Description, tc.mask)
		}
		if p.Tests[0].Inputs["text"] != "Paris is the "+tc.mask+" of France." {
			t.Errorf("%s: example %v", tc.modelType, p.Tests[0].Inputs)
		}
	}
}

func TestPipelineRecipes(t *testing.T) {
	cases := []struct {
		name, task, arch, recipe, output string
		inputs                           []string
		configs                          map[string]string
	}{
		{"sst2", "text-classification", "DistilBertForSequenceClassification", "transformers-text-classification", "dict",
			[]string{"text"}, map[string]string{"config.json": `{"id2label": {"0": "NEGATIVE", "1": "POSITIVE"}}`}},
		{"ner", "token-classification", "BertForTokenClassification", "transformers-token-classification", "list[dict]",
			[]string{"text", "aggregation_strategy"}, nil},
		{"mnli", "zero-shot-classification", "BartForSequenceClassification", "transformers-zero-shot-classification", "dict",
			[]string{"text", "candidate_labels", "multi_label", "hypothesis_template"}, nil},
		{"squad", "question-answering", "RobertaForQuestionAnswering", "transformers-question-answering", "dict",
			[]string{"question", "context", "max_answer_length"}, nil},
		{"mlm", "fill-mask", "BertForMaskedLM", "transformers-fill-mask", "list[dict]",
			[]string{"text", "top_k"}, map[string]string{"tokenizer_config.json": `{"mask_token": "[MASK]"}`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := testModel{id: "acme/" + tc.name, task: tc.task, library: "transformers", arch: tc.arch,
				weightBytes: 500_000_000, configs: tc.configs}.model()
			p := buildPlan(t, m, Options{})
			if p.Recipe != tc.recipe || p.Output.Type != tc.output || p.GPU {
				t.Errorf("recipe %s output %s gpu %v, want %s %s on CPU", p.Recipe, p.Output.Type, p.GPU, tc.recipe, tc.output)
			}
			if got := planInputNames(p); !slices.Equal(got, tc.inputs) {
				t.Errorf("inputs %v, want %v", got, tc.inputs)
			}
			if !p.Deterministic || len(p.Tests) == 0 {
				t.Errorf("deterministic %v, %d tests", p.Deterministic, len(p.Tests))
			}
			py := renderPackage(t, p)
			// The model takes the device and dtype choose_device picked;
			// transformers 5 has no question-answering pipeline, so that
			// template loads the model itself.
			wants := []string{`"` + tc.task + `",`, "dtype=self.dtype", "device=self.device", "GPU_DTYPE = torch.float32"}
			if tc.task == "question-answering" {
				wants = []string{"AutoModelForQuestionAnswering.from_pretrained(", "dtype=self.dtype", "self.model.to(self.device)", "GPU_DTYPE = torch.float32"}
			}
			for _, want := range wants {
				if !strings.Contains(py, want) {
					t.Errorf("predict.py lacks %q, to load the %s model:\n%s", want, tc.task, py)
				}
			}
		})
	}
}

func TestPipelineGatedAndLarge(t *testing.T) {
	m := testModel{id: "acme/big-ner", task: "token-classification", library: "transformers", arch: "DebertaV2ForTokenClassification",
		weightBytes: 3_000_000_000, gated: "manual", configs: map[string]string{"config.json": `{"torch_dtype": "float16"}`}}.model()
	p := buildPlan(t, m, Options{})
	if !p.GPU || p.Vars["Dtype"] != "float16" {
		t.Errorf("gpu %v dtype %v, want GPU in the config's float16", p.GPU, p.Vars["Dtype"])
	}
	if in, ok := p.InputNamed("hf_token"); !ok || in.Type != "Secret" {
		t.Fatal("a gated model needs an hf_token Secret input")
	}
	py := renderPackage(t, p)
	for _, want := range []string{"def load(self, token: Optional[str] = None)", "self.load(hf_token.get_secret_value())", "dtype=self.dtype", "GPU_DTYPE = torch.float16"} {
		if !strings.Contains(py, want) {
			t.Errorf("predict.py lacks %q", want)
		}
	}
}

func planInputNames(p *plan.Plan) []string {
	var out []string
	for _, in := range p.Inputs {
		out = append(out, in.Name)
	}
	return out
}

func TestTextGenerationFacts(t *testing.T) {
	m := testModel{id: "acme/lm", task: "text-generation", library: "transformers", arch: "Qwen2ForCausalLM", weightBytes: 3_000_000_000,
		files: []string{"chat_template.jinja"},
		configs: map[string]string{
			"config.json":            `{"max_position_embeddings": 2048, "torch_dtype": "float32", "quantization_config": {"quant_method": "bitsandbytes"}}`,
			"generation_config.json": `{"max_new_tokens": 4096, "temperature": 0.3}`,
		}}.model()
	p := buildPlan(t, m, Options{})
	if p.Vars["Chat"] != true {
		t.Error("chat_template.jinja is a chat template")
	}
	if p.Vars["Dtype"] != "bfloat16" {
		t.Errorf("dtype %v: a float32 config loads in bfloat16 on the GPU", p.Vars["Dtype"])
	}
	if in, _ := p.InputNamed("max_new_tokens"); in.Default != int64(1024) || *in.Le != 2048 {
		t.Errorf("max_new_tokens default %v le %v, want half the 2048-token context and the context", in.Default, *in.Le)
	}
	if !pinned(p.Requirements, "bitsandbytes") {
		t.Error("pre-quantized bitsandbytes weights need bitsandbytes")
	}
	if p.Output.Type != "ConcatenateIterator[str]" {
		t.Errorf("output %s, want a stream", p.Output.Type)
	}
	renderPackage(t, p)
}
