package recipes

import (
	"slices"
	"strings"
	"testing"
)

// TestVLLMTorchIsACogRow: vLLM pins its own torch; the one cogport pins
// with it must be a row of cog v0.22's matrix, with the torchvision and
// torchaudio vLLM 0.26 pins (0.26.0, 2.11.0).
func TestVLLMTorchIsACogRow(t *testing.T) {
	row, err := CogTorch(vllmStack.torch)
	if err != nil {
		t.Fatalf("vLLM's torch %s: %v", vllmStack.torch, err)
	}
	if row.Torchvision != "0.26.0" || row.Torchaudio != "2.11.0" || row.CUDA() != "13.0" {
		t.Errorf("torch %s row: torchvision %s, torchaudio %s, CUDA %s; vLLM 0.26 pins 0.26.0 and 2.11.0 on CUDA 13.0",
			row.Torch, row.Torchvision, row.Torchaudio, row.CUDA())
	}
}

func TestEngineChoiceBySize(t *testing.T) {
	chat := map[string]string{"tokenizer_config.json": `{"chat_template": "{{ messages }}"}`,
		"config.json": `{"max_position_embeddings": 8192, "torch_dtype": "bfloat16"}`}
	for _, tc := range []struct {
		name   string
		bytes  int64
		engine string
		arch   string
		want   string
	}{
		{"small model stays on transformers", 2_000_000_000, "", "LlamaForCausalLM", "transformers-text-generation"},
		{"16 GB of weights go to vLLM", 16_000_000_000, "", "LlamaForCausalLM", vllmRecipeName},
		{"an architecture vLLM lacks stays", 16_000_000_000, "", "FancyForCausalLM", "transformers-text-generation"},
		{"--engine vllm forces it", 2_000_000_000, EngineVLLM, "LlamaForCausalLM", vllmRecipeName},
		{"--engine transformers keeps it", 16_000_000_000, EngineTransformers, "LlamaForCausalLM", "transformers-text-generation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := testModel{id: "acme/llm", task: "text-generation", library: "transformers", arch: tc.arch,
				weightBytes: tc.bytes, configs: chat}.model()
			o := Options{}
			o.Engine = tc.engine
			if p := buildPlan(t, m, o); p.Recipe != tc.want {
				t.Errorf("recipe %s, want %s", p.Recipe, tc.want)
			}
		})
	}
}

func TestVLLMPlan(t *testing.T) {
	m := testModel{id: "acme/llm", task: "text-generation", library: "transformers", arch: "LlamaForCausalLM",
		weightBytes: 16_000_000_000, gated: "manual", configs: map[string]string{
			"tokenizer_config.json":  `{"chat_template": "{{ messages }}"}`,
			"config.json":            `{"max_position_embeddings": 131072}`,
			"generation_config.json": `{"temperature": 0.6, "top_p": 0.9}`,
		}}.model()
	p := buildPlan(t, m, Options{})
	if p.Output.Type != "AsyncConcatenateIterator[str]" || p.Vars["Async"] != true || p.Concurrency != 16 {
		t.Errorf("output %s, async %v, concurrency %d", p.Output.Type, p.Vars["Async"], p.Concurrency)
	}
	if p.TestHardware != "gpu-l40s" || p.CUDA != "13.0" || p.PythonVersion != "3.12" {
		t.Errorf("hardware %s, CUDA %s, python %s", p.TestHardware, p.CUDA, p.PythonVersion)
	}
	maxTokens, _ := p.InputNamed("max_tokens")
	if *maxTokens.Le != vllmMaxModelLen || p.Vars["MaxModelLen"] != int64(vllmMaxModelLen) {
		t.Errorf("max_tokens le %v, MaxModelLen %v: the context is capped at %d", *maxTokens.Le, p.Vars["MaxModelLen"], vllmMaxModelLen)
	}
	for _, name := range []string{"prompt", "system_prompt", "temperature", "top_p", "top_k", "stop", "seed", "hf_token"} {
		if _, ok := p.InputNamed(name); !ok {
			t.Errorf("no %s input", name)
		}
	}
	if temp, _ := p.InputNamed("temperature"); temp.Default != 0.6 {
		t.Errorf("temperature default %v, want generation_config's 0.6", temp.Default)
	}
	if p.Vars["Gated"] != true {
		t.Error("a gated model loads lazily with hf_token")
	}
}

func TestVLLMMistralNative(t *testing.T) {
	m := testModel{id: "acme/coder", task: "text2text-generation", library: "vllm", arch: "MistralForCausalLM",
		files: []string{"params.json", "tekken.json", "consolidated.safetensors"}}.model()
	p := buildPlan(t, m, Options{})
	args := strings.Join(p.Vars["EngineArgs"].([]string), " ")
	for _, want := range []string{`tokenizer_mode="mistral"`, `config_format="mistral"`, `load_format="mistral"`} {
		if !strings.Contains(args, want) {
			t.Errorf("engine args %s lack %s", args, want)
		}
	}
	if p.Recipe != vllmRecipeName || p.Vars["Mistral"] != true || p.Vars["Chat"] != true {
		t.Errorf("recipe %s, mistral %v, chat %v", p.Recipe, p.Vars["Mistral"], p.Vars["Chat"])
	}
}

func TestVLLMHardware(t *testing.T) {
	for _, tc := range []struct {
		bytes int64
		tp    int
		hw    string
	}{
		{14e9, 1, "gpu-l40s"}, {47e9, 1, "gpu-h100"}, {90e9, 2, "gpu-2x-h100"}, {200e9, 4, "gpu-4x-h100"}, {282e9, 8, "gpu-8x-h100"},
	} {
		if tp, hw := vllmHardware(tc.bytes); tp != tc.tp || hw != tc.hw {
			t.Errorf("%d bytes: %d x %s, want %d x %s", tc.bytes, tp, hw, tc.tp, tc.hw)
		}
	}
}

func TestEngineVLLMRefusesOtherTasks(t *testing.T) {
	m := testModel{id: "acme/cls", task: "text-classification", library: "transformers", arch: "BertForSequenceClassification", weightBytes: 100}.model()
	o := Options{}
	o.Engine = EngineVLLM
	if _, err := Default().Build(m, o); err == nil || !strings.Contains(err.Error(), "--engine vllm serves text-generation") {
		t.Errorf("--engine vllm on a classifier: %v", err)
	}
}

func TestRunAPIMovesConcurrencyToTheDecorator(t *testing.T) {
	m := testModel{id: "acme/coder", task: "text-generation", library: "vllm", arch: "MistralForCausalLM",
		files: []string{"params.json", "tekken.json", "consolidated.safetensors"}}.model()
	o := Options{}
	o.CogAPI = CogAPIRun
	p := buildPlan(t, m, o)
	if p.Concurrency != 0 || p.Vars["ConcurrentMax"] != 32 || p.Vars["CogAPI"] != CogAPIRun {
		t.Errorf("concurrency %d, ConcurrentMax %v, CogAPI %v", p.Concurrency, p.Vars["ConcurrentMax"], p.Vars["CogAPI"])
	}
	if !slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.Contains(w, "cog 0.20") }) {
		t.Errorf("warnings %q do not say the run API needs cog 0.20", p.Warnings)
	}
}
