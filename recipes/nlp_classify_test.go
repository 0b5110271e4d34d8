package recipes

import (
	"testing"

	"github.com/cogport/cogport/facts"
)

func TestClassifyNLPConflicts(t *testing.T) {
	cases := []struct {
		name string
		m    *facts.Model
		want Class
	}{
		{"adapter with a transformers card", func() *facts.Model {
			m := testModel{id: "a/lora", library: "transformers", files: []string{"adapter_config.json", "adapter_model.safetensors"},
				configs: map[string]string{"adapter_config.json": `{"task_type": "CAUSAL_LM", "base_model_name_or_path": "a/base"}`}}.model()
			return m
		}(), Class{Library: "peft", Task: "text-generation"}},
		{"adapter known from the model info only", func() *facts.Model {
			m := testModel{id: "a/lora", library: "peft", files: []string{"adapter_config.json"}}.model()
			m.Config = []byte(`{"peft": {"task_type": "SEQ_2_SEQ_LM", "base_model_name_or_path": "a/t5"}}`)
			return m
		}(), Class{Library: "peft", Task: "text2text-generation"}},
		{"legacy text2text tag on a causal LM", testModel{id: "a/chat", task: "text2text-generation", library: "transformers",
			arch: "MistralForCausalLM"}.model(), Class{Library: "transformers", Task: "text-generation", Architecture: "MistralForCausalLM"}},
		{"translation tag on a causal LM", testModel{id: "a/mt-llm", task: "translation", library: "transformers",
			arch: "HunYuanDenseV1ForCausalLM"}.model(), Class{Library: "transformers", Task: "text-generation", Architecture: "HunYuanDenseV1ForCausalLM"}},
		{"encoder-decoder with no tag", testModel{id: "a/mt", arch: "MarianMTModel", modelType: "marian",
			files: []string{"config.json"}}.model(), Class{Library: "transformers", Task: "text2text-generation", Architecture: "MarianMTModel"}},
		{"SAM has no task suffix", testModel{id: "a/sam", arch: "SamModel", files: []string{"config.json"}}.model(),
			Class{Library: "transformers", Task: "mask-generation", Architecture: "SamModel"}},
		{"a model with its own config is no adapter", testModel{id: "a/merged", task: "text-generation", library: "transformers",
			arch: "LlamaForCausalLM", files: []string{"config.json", "adapter_config.json"}}.model(),
			Class{Library: "transformers", Task: "text-generation", Architecture: "LlamaForCausalLM"}},
	}
	for _, tc := range cases {
		if got := Classify(tc.m); got != tc.want {
			t.Errorf("%s: Classify = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
