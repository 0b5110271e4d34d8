package recipes

import (
	"fmt"
	"math"
	"path"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

const vllmRecipeName = "vllm-text-generation"

// vllmStack serves language models with vLLM. vLLM pins its own torch
// (requirements/cuda.txt): 0.27 and newer, up to 0.33.0 (the newest on PyPI),
// pin torch 2.13.0, which cog v0.22 does not know; 0.26.0 is the newest
// release on torch 2.11.0, cog's newest row (CUDA 13.0, the build of vLLM's
// PyPI wheels from 0.26 on). torchvision and torchaudio come from cog's row
// for that torch, which is what vLLM 0.26 pins too. vLLM brings its own
// transformers, tokenizers and mistral_common, in the ranges it was tested
// with: pinning them here could only conflict.
var vllmStack = stack{
	name:     "vllm-0.26-torch-2.11",
	torch:    "2.11.0",
	versions: map[string]string{"vllm": "0.26.0"},
	// transformers 5, which vLLM 0.26 needs, needs huggingface_hub >= 1.0.
	transfer: "xet",
}

// vLLM sizing (DESIGN §1.6). Below vllmMinParams parameters (and
// vllmMinBytes of weights) a model fits one GPU many times over and
// transformers' generate() serves it with a faster cold boot and a smaller
// image; from there decoding is bound by memory bandwidth, and vLLM's
// continuous batching serves many requests for about the cost of one.
const (
	vllmMinParams = 7_000_000_000
	vllmMinBytes  = 10_000_000_000
	// vllmMaxModelLen caps the context the engine reserves KV cache for:
	// vLLM refuses to start when one sequence of max_model_len does not fit
	// next to the weights, and 32k tokens cover most prompts.
	vllmMaxModelLen = 32768
	// gpuBytes is what one GPU holds for weights, leaving the rest of an
	// 80 GB H100 (or a 48 GB L40S) to the KV cache and activations.
	h100WeightBytes = 60_000_000_000
	l40sWeightBytes = 30_000_000_000
)

// vllmArchitectures are the causal LMs vLLM runs natively (its model
// registry), so that choosing vLLM by size never picks an architecture it
// would load through its slower transformers fallback.
var vllmArchitectures = map[string]bool{
	"LlamaForCausalLM": true, "MistralForCausalLM": true, "MixtralForCausalLM": true,
	"Qwen2ForCausalLM": true, "Qwen2MoeForCausalLM": true, "Qwen3ForCausalLM": true, "Qwen3MoeForCausalLM": true,
	"GemmaForCausalLM": true, "Gemma2ForCausalLM": true, "Gemma3ForCausalLM": true, "Phi3ForCausalLM": true,
	"PhiMoEForCausalLM": true, "DeepseekV2ForCausalLM": true, "DeepseekV3ForCausalLM": true,
	"GPTNeoXForCausalLM": true, "FalconForCausalLM": true, "Starcoder2ForCausalLM": true, "OlmoForCausalLM": true,
	"Olmo2ForCausalLM": true, "GraniteForCausalLM": true, "CohereForCausalLM": true, "Cohere2ForCausalLM": true,
	"InternLM2ForCausalLM": true, "GptOssForCausalLM": true, "ExaoneForCausalLM": true, "GlmForCausalLM": true,
}

// vllmTextGeneration serves causal language models with vLLM's async
// engine: an async predictor that streams tokens and takes concurrent
// predictions. It covers vLLM-first repositories (library vllm, Mistral's
// params.json + consolidated layout) and, through textGeneration, large
// transformers models and any with --engine vllm.
type vllmTextGeneration struct{}

func vllmRecipes() []Recipe { return []Recipe{vllmTextGeneration{}} }

func (vllmTextGeneration) Info() Info {
	return Info{Name: vllmRecipeName, Tasks: []string{"text-generation"}, Libraries: []string{"vllm", "mistral", "transformers"},
		Summary: "language models on vLLM's async engine: tokens streamed, concurrent predictions batched on the GPU (library vllm, Mistral-native checkpoints, transformers models of 7B+ or --engine vllm)"}
}

func (vllmTextGeneration) Match(m *facts.Model, c Class) bool {
	return (c.Library == "vllm" || c.Library == "mistral") && c.Task == "text-generation"
}

func (vllmTextGeneration) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "generation_config.json", "tokenizer_config.json", "params.json"}
}

func (vllmTextGeneration) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	return planVLLM(m, c, o)
}

// useVLLM decides the engine of a transformers text-generation model.
func useVLLM(m *facts.Model, o Options) bool {
	switch o.Engine {
	case EngineVLLM:
		return true
	case EngineTransformers:
		return false
	}
	c := Classify(m)
	if !vllmArchitectures[c.Architecture] || hasRemoteCode(m) || quantMethod(m) == "bitsandbytes" {
		return false
	}
	if m.Parameters >= vllmMinParams {
		return true
	}
	sel, _, err := selectWeights(m, c, "")
	return err == nil && sel.TotalBytes >= vllmMinBytes
}

// hasRemoteCode reports whether config.json maps classes to the repo's code.
func hasRemoteCode(m *facts.Model) bool { return cfg(m, "config.json", "auto_map").Exists() }

// planVLLM builds the vLLM package of m.
func planVLLM(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	if hasRemoteCode(m) && !o.TrustRemoteCode {
		return nil, fmt.Errorf("%w: %s runs code from its repository (auto_map); read it, then pass --trust-remote-code", ErrRemoteCode, displayID(m))
	}
	c.Task = "text-generation"
	p := base(m, c, o, vllmRecipeName, "vllm_text_generation")
	if _, err := useWeights(p, m, Classify(m), o, ""); err != nil {
		return nil, err
	}
	if err := useStack(p, vllmStack, true, []string{"torchvision", "torchaudio"}, "vllm"); err != nil {
		return nil, err
	}
	tp, hardware := vllmHardware(p.Weights.TotalBytes)
	p.TestHardware = hardware
	p.Concurrency = vllmConcurrency(p.Weights.TotalBytes)
	mistral, args := vllmEngineArgs(m, p, tp, o)
	chat := mistral || chatTemplate(m)
	maxLen := min(vllmContext(m), vllmMaxModelLen)
	p.Inputs = vllmInputs(m, chat, maxLen)
	p.Output = plan.Output{Type: "AsyncConcatenateIterator[str]", Description: "the generated text, streamed token by token"}
	for k, v := range map[string]any{
		"RequirementsNote": "vllm pins its own dependencies (transformers, tokenizers, mistral_common) to the versions it was tested with.",
		"Async":            true,
		"Chat":             chat,
		"Mistral":          mistral,
		"EngineArgs":       args,
		"MaxModelLen":      maxLen,
		"Gated":            false,
		"Purpose":          "Async vLLM text-generation predictor",
		"Doc":              "Generate text from a prompt, streaming tokens as they come; concurrent predictions share the GPU.",
	} {
		p.Vars[k] = v
	}
	p.Tests = []plan.TestCase{{Inputs: map[string]any{
		"prompt": examplePrompt(m, "Write a haiku about the sea."), "max_tokens": int64(64), "seed": int64(7)}}}
	if p.Weights.Gated {
		addTokenInput(p)
	}
	if tp > 1 {
		p.Warn(fmt.Sprintf("the weights (%s) need %d GPUs: the engine splits the model across them (tensor_parallel_size=%d) on %s",
			humanBytes(p.Weights.TotalBytes), tp, tp, hardware))
	}
	return p, nil
}

// vllmEngineArgs are AsyncEngineArgs' keyword arguments. Mistral-native
// checkpoints (params.json + consolidated*.safetensors, Mistral's own
// tekken.json tokenizer) load in Mistral's formats, as vLLM documents and
// the cards recommend.
func vllmEngineArgs(m *facts.Model, p *plan.Plan, tp int, o Options) (bool, []string) {
	args := []string{"model=model_dir"}
	consolidated := false
	for _, f := range p.Weights.Files {
		if strings.HasPrefix(path.Base(f.Path), "consolidated") && strings.HasSuffix(f.Path, ".safetensors") {
			consolidated = true
		}
	}
	// Mistral's tekken.json alone (no tokenizer.json) is read by
	// mistral_common, never by transformers.
	mistral := m.HasFile("tekken.json") && !m.HasFile("tokenizer.json")
	switch {
	case consolidated && m.HasFile("params.json"):
		mistral = true
		args = append(args, `tokenizer_mode="mistral"`, `config_format="mistral"`, `load_format="mistral"`)
	case mistral:
		args = append(args, `tokenizer_mode="mistral"`)
	}
	args = append(args, "max_model_len=MAX_MODEL_LEN", fmt.Sprintf("tensor_parallel_size=%d", tp),
		// The engine takes this share of GPU memory for weights and KV cache.
		"gpu_memory_utilization=0.9")
	if hasRemoteCode(m) && o.TrustRemoteCode {
		args = append(args, "trust_remote_code=True")
	}
	return mistral, args
}

// vllmHardware is the tensor-parallel size and the Replicate hardware the
// weights need: one L40S, one H100, or 2, 4 or 8 H100s.
func vllmHardware(bytes int64) (int, string) {
	switch {
	case bytes <= l40sWeightBytes:
		return 1, "gpu-l40s"
	case bytes <= h100WeightBytes:
		return 1, "gpu-h100"
	}
	tp := 2
	for tp < 8 && int64(tp)*h100WeightBytes < bytes {
		tp *= 2
	}
	return tp, fmt.Sprintf("gpu-%dx-h100", tp)
}

// vllmConcurrency is concurrency.max: how many predictions one container
// takes at once. The KV cache left beside the weights bounds how many
// sequences the engine batches, so bigger models take fewer.
func vllmConcurrency(bytes int64) int {
	switch {
	case bytes <= 10_000_000_000:
		return 32
	case bytes <= 30_000_000_000:
		return 16
	case bytes <= 80_000_000_000:
		return 8
	}
	return 4
}

// vllmContext is the model's context: config.json, else Mistral's
// params.json.
func vllmContext(m *facts.Model) int64 {
	for _, key := range []string{"max_position_embeddings", "max_sequence_length", "seq_length", "text_config.max_position_embeddings"} {
		if n := cfg(m, "config.json", key).Int(); n > 0 {
			return n
		}
	}
	for _, key := range []string{"max_seq_len", "max_position_embeddings"} {
		if n := cfg(m, "params.json", key).Int(); n > 0 {
			return n
		}
	}
	return 4096
}

// vllmInputs are the sampling inputs, bounded by the context and defaulted
// from the card and generation_config.json.
func vllmInputs(m *facts.Model, chat bool, maxLen int64) []plan.Input {
	maxTokens := settingInt(m, "max_tokens", settingInt(m, "max_new_tokens", cfg(m, "generation_config.json", "max_new_tokens").Int()))
	if maxTokens <= 0 {
		maxTokens = 512
	}
	maxTokens = int64(clamp(float64(maxTokens), 1, float64(maxLen)))
	temp := settingFloat(m, "temperature", genFloat(m, "temperature", 0.7))
	topP := settingFloat(m, "top_p", genFloat(m, "top_p", 0.9))
	topK := settingInt(m, "top_k", cfg(m, "generation_config.json", "top_k").Int())
	if topK < 0 {
		topK = 0
	}
	ins := promptInputs(chat)
	return append(ins,
		plan.Input{Name: "max_tokens", Type: "int", Default: maxTokens, Ge: plan.F(1), Le: plan.F(float64(maxLen)),
			Description: "Maximum number of tokens to generate; prompt and answer together must fit the context."},
		plan.Input{Name: "temperature", Type: "float", Default: clamp(temp, 0, 2), Ge: plan.F(0), Le: plan.F(math.Max(2, temp)),
			Description: "Sampling temperature: 0 always picks the likeliest token, higher is more varied."},
		plan.Input{Name: "top_p", Type: "float", Default: clamp(topP, 0.01, 1), Ge: plan.F(0.01), Le: plan.F(1),
			Description: "Sample only from the smallest set of tokens whose probability adds up to top_p."},
		plan.Input{Name: "top_k", Type: "int", Default: topK, Ge: plan.F(0), Le: plan.F(math.Max(1000, float64(topK))),
			Description: "Sample only from the top_k likeliest tokens; 0 disables the limit."},
		plan.Input{Name: "stop", Type: "str", Default: "",
			Description: "Stop sequences, separated by commas: generation ends before any of them. Empty for none."},
		seedInput(),
	)
}
