package recipes

import (
	"math"

	"github.com/tidwall/gjson"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// textGeneration covers causal language models on transformers, streaming
// tokens as they are generated, with the tokenizer's chat template when it
// has one.
type textGeneration struct{}

func (textGeneration) Info() Info {
	return Info{Name: "transformers-text-generation", Tasks: []string{"text-generation"}, Libraries: []string{"transformers"},
		Summary: "causal language models: prompt in, tokens streamed out, chat template applied when the tokenizer has one"}
}

func (textGeneration) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "text-generation"
}

func (textGeneration) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "generation_config.json", "tokenizer_config.json"}
}

func (r textGeneration) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	if useVLLM(m, o) {
		// Large models (and --engine vllm) are served by vLLM's engine.
		return planVLLM(m, c, o)
	}
	p := base(m, c, o, r.Info().Name, "transformers_text_generation")
	if err := planTextGeneration(p, m, m, o); err != nil {
		return nil, err
	}
	if o.Train {
		useLLMTraining(p, contextLength(m))
		p.Vars["CogImports"] = []string{"Path"}
		// train.py and the trained adapter both run on PEFT.
		if !pinsPackage(p, "peft") {
			p.Requirements = append(p.Requirements, plan.Requirement{Name: "peft", Version: transformersStack.versions["peft"]})
		}
	}
	return p, nil
}

// planTextGeneration fills p for the model whose weights and configs are wm
// (the model itself, or an adapter's base); the tokenizer's chat template
// and the card's examples come from tok (the same model, or an adapter that
// ships its own tokenizer).
func planTextGeneration(p *plan.Plan, wm, tok *facts.Model, o Options) error {
	if _, err := useWeights(p, wm, Classify(wm), o, ""); err != nil {
		return err
	}
	pkgs := []string{"transformers", "accelerate", "safetensors", "tokenizers", "huggingface-hub", "sentencepiece", "protobuf"}
	if quantMethod(wm) == "bitsandbytes" {
		// Pre-quantized 4-bit and 8-bit weights load through bitsandbytes.
		pkgs = append(pkgs, "bitsandbytes")
	}
	if err := useStack(p, transformersStack, true, nil, pkgs...); err != nil {
		return err
	}
	chat := chatTemplate(tok)
	p.Inputs = textGenInputs(wm, chat)
	p.Output = plan.Output{Type: "ConcatenateIterator[str]", Description: "the generated text, streamed token by token"}
	trust := useRemoteCode(p, wm, o)
	p.Vars["Chat"] = chat
	p.Vars["Dtype"] = halfDtype(wm)
	p.Vars["Purpose"] = "Text-generation predictor"
	p.Vars["Doc"] = "Generate text from a prompt, streaming tokens as they come."
	p.Vars["ContextLength"] = contextLength(wm)
	p.Vars["Gated"] = false
	p.Vars["Adapter"] = false
	p.Vars["Train"] = false
	p.Vars["TokenizerArgs"] = remoteCodeArgs([]string{"model_dir"}, trust)
	p.Vars["ModelArgs"] = remoteCodeArgs([]string{"model_dir", "dtype=self.dtype", "device_map=self.device"}, trust)
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"prompt": examplePrompt(tok, "Write a haiku about the sea."), "max_new_tokens": int64(64), "seed": int64(7)}}}
	if p.Weights.Gated {
		addTokenInput(p)
	}
	return nil
}

// remoteCodeArgs adds trust_remote_code=True to a from_pretrained call when
// the user allowed the model's own code.
func remoteCodeArgs(args []string, trust bool) []string {
	if trust {
		return append(args, "trust_remote_code=True")
	}
	return args
}

// chatTemplate reports whether the tokenizer carries a chat template, in
// tokenizer_config.json or (as the Hub reports it) in the model info.
func chatTemplate(m *facts.Model) bool {
	if cfg(m, "tokenizer_config.json", "chat_template").Exists() || m.HasFile("chat_template.jinja") || m.HasFile("chat_template.json") {
		return true
	}
	return gjson.GetBytes(m.Config, "tokenizer_config.chat_template").Exists()
}

// contextLength is the model's maximum sequence length from config.json.
func contextLength(m *facts.Model) int64 {
	for _, key := range []string{"max_position_embeddings", "n_positions", "max_sequence_length", "seq_length", "text_config.max_position_embeddings"} {
		if n := cfg(m, "config.json", key).Int(); n > 0 {
			return n
		}
	}
	return 4096
}

// modelDtype is the dtype config.json says the weights are in (float16,
// bfloat16 or float32), else def. LLM recipes use halfDtype: a float32
// config on a GPU is read as bfloat16, which has float32's range.
func modelDtype(m *facts.Model, def string) string {
	for _, key := range []string{"torch_dtype", "dtype", "text_config.torch_dtype"} {
		switch d := cfg(m, "config.json", key).String(); d {
		case "float16", "bfloat16", "float32":
			return d
		}
	}
	return def
}

func textGenInputs(m *facts.Model, chat bool) []plan.Input {
	ctx := contextLength(m)
	maxNew := settingInt(m, "max_new_tokens", cfg(m, "generation_config.json", "max_new_tokens").Int())
	if maxNew <= 0 {
		maxNew = 512
	}
	// The default leaves at least half the context to the prompt (and, in a
	// VLM, the image's tokens): a default that fills the context fails
	// every call that does not lower it.
	maxNew = int64(clamp(float64(maxNew), 1, math.Max(1, float64(ctx/2))))
	temp := settingFloat(m, "temperature", genFloat(m, "temperature", 0.7))
	topP := settingFloat(m, "top_p", genFloat(m, "top_p", 0.9))
	topK := settingInt(m, "top_k", cfg(m, "generation_config.json", "top_k").Int())
	if topK <= 0 {
		topK = 50
	}
	ins := promptInputs(chat)
	return append(ins,
		plan.Input{Name: "max_new_tokens", Type: "int", Default: maxNew, Ge: plan.F(1), Le: plan.F(float64(ctx)),
			Description: "Maximum number of tokens to generate (the context holds prompt and answer)."},
		plan.Input{Name: "temperature", Type: "float", Default: temp, Ge: plan.F(0), Le: plan.F(math.Max(2, temp)),
			Description: "Sampling temperature: 0 always picks the likeliest token, higher is more varied."},
		plan.Input{Name: "top_p", Type: "float", Default: clamp(topP, 0, 1), Ge: plan.F(0), Le: plan.F(1),
			Description: "Sample only from the smallest set of tokens whose probability adds up to top_p."},
		plan.Input{Name: "top_k", Type: "int", Default: topK, Ge: plan.F(0), Le: plan.F(math.Max(1000, float64(topK))),
			Description: "Sample only from the top_k likeliest tokens; 0 disables the limit."},
		seedInput(),
	)
}

func genFloat(m *facts.Model, key string, def float64) float64 {
	if v := cfg(m, "generation_config.json", key); v.Exists() && v.Type == gjson.Number {
		return v.Float()
	}
	return def
}

// addTokenInput lets predictions pass a Hugging Face token for a gated
// model: setup() cannot take inputs, so the first prediction downloads.
func addTokenInput(p *plan.Plan) {
	p.Inputs = append(p.Inputs, plan.Input{Name: "hf_token", Type: "Secret", Optional: true,
		Description: "Hugging Face token of an account that accepted the model's terms; needed once, to download the gated weights."})
	p.Vars["Gated"] = true
}

// promptInputs are the prompt of a language model, and the system prompt
// when its tokenizer has a chat template to put one in.
func promptInputs(chat bool) []plan.Input {
	ins := []plan.Input{{Name: "prompt", Type: "str", Description: "The prompt: a question or an instruction."}}
	if chat {
		ins = append(ins, plan.Input{Name: "system_prompt", Type: "str", Default: "",
			Description: "System prompt that sets the assistant's behaviour; empty for none."})
	}
	return ins
}
