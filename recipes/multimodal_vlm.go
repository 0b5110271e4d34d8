package recipes

import (
	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// vlmChat covers vision-language chat models (Qwen-VL, Gemma 3, LLaVA,
// Idefics, SmolVLM, ...): an image and a prompt in, text streamed out. The
// processor's chat template places the image in the conversation; models
// without one get the processor's plain image-and-text call.
type vlmChat struct{}

func (vlmChat) Info() Info {
	return Info{Name: "transformers-vlm-chat", Tasks: []string{"image-text-to-text"}, Libraries: []string{"transformers"},
		Summary: "vision-language models: image and prompt in, text streamed out, chat template applied by the processor"}
}

func (vlmChat) Match(m *facts.Model, c Class) bool {
	// Encoder-decoder readers (Donut, Nougat, TrOCR) are often tagged
	// image-text-to-text, but they have no chat: they are captioners.
	return c.Library == "transformers" && c.Task == "image-text-to-text" && !isEncoderDecoder(m, c)
}

func (vlmChat) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "generation_config.json", "tokenizer_config.json", "processor_config.json",
		"preprocessor_config.json", "chat_template.json"}
}

func (r vlmChat) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	p := base(m, c, o, r.Info().Name, "transformers_vlm_chat")
	// Vision-language models are billions of parameters: always a GPU.
	if _, err := useModel(p, m, c, o, true, "bfloat16", []string{"torchvision"},
		"transformers", "accelerate", "safetensors", "tokenizers", "huggingface-hub", "pillow", "sentencepiece", "protobuf"); err != nil {
		return nil, err
	}
	chat := vlmChatTemplate(m)
	image := imageInput("Image to ask about.")
	if chat {
		image.Optional = true
		image.Description = "Image to ask about; leave blank to chat without one."
	}
	p.Inputs = append([]plan.Input{image}, textGenInputs(m, chat)...)
	p.Output = plan.Output{Type: "ConcatenateIterator[str]", Description: "the answer, streamed token by token"}
	p.Vars["Chat"] = chat
	trust := useLoadArgs(p, m, o, map[string][]string{"ProcessorArgs": {"model_dir"},
		"ModelArgs": {"model_dir", "dtype=self.dtype", "device_map=self.device"}})
	p.Vars["ModelClass"] = autoClass(m, trust, "AutoModelForImageTextToText", "AutoModelForCausalLM", "AutoModel")
	p.Vars["ContextLength"] = contextLength(m)
	p.Vars["Gated"] = false
	p.Vars["Purpose"] = "Vision-language chat predictor"
	p.Vars["Doc"] = "Answer a prompt about an image, streaming tokens as they come."
	src, question := exampleQuestion(m, sampleImageURL, "Describe this image in one sentence.")
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"image": src, "prompt": question, "max_new_tokens": int64(64), "seed": int64(7)}}}
	if m.Gated != "" {
		addTokenInput(p)
	}
	return p, nil
}

// vlmChatTemplate reports whether the processor or the tokenizer carries a
// chat template: processors keep it in processor_config.json or in a
// chat_template.json/.jinja file, older repositories in the tokenizer's
// config.
func vlmChatTemplate(m *facts.Model) bool {
	return chatTemplate(m) || cfg(m, "processor_config.json", "chat_template").Exists()
}
