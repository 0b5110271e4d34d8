package recipes

import (
	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// imageToText covers image captioners (BLIP, GIT, ViT-GPT2, ...): image in,
// caption out. transformers 5 dropped the image-to-text pipeline, so the
// predictor calls the processor and generate() itself.
type imageToText struct{}

func (imageToText) Info() Info {
	return Info{Name: "transformers-image-to-text", Tasks: []string{"image-to-text"}, Libraries: []string{"transformers"},
		Summary: "image captioning: image in, caption out"}
}

func (imageToText) Match(m *facts.Model, c Class) bool {
	if c.Library != "transformers" {
		return false
	}
	return c.Task == "image-to-text" || c.Task == "image-text-to-text" && isEncoderDecoder(m, c)
}

func (imageToText) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "generation_config.json", "preprocessor_config.json", "tokenizer_config.json"}
}

func (r imageToText) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	p := base(m, c, o, r.Info().Name, "transformers_image_to_text")
	if _, err := useModel(p, m, c, o, false, "float32", []string{"torchvision"},
		"transformers", "safetensors", "tokenizers", "huggingface-hub", "pillow", "sentencepiece", "protobuf"); err != nil {
		return nil, err
	}
	// A VisionEncoderDecoderModel pairs an image processor with a tokenizer
	// and has no processor class that joins them.
	encoderDecoder := isEncoderDecoder(m, c)
	p.Inputs = []plan.Input{imageInput("Image to describe.")}
	if !encoderDecoder {
		p.Inputs = append(p.Inputs, plan.Input{Name: "prompt", Type: "str", Default: "",
			Description: "Text the caption should start with; empty for a plain caption."})
	}
	p.Inputs = append(p.Inputs, maxNewTokensInput(m, 50))
	p.Output = plan.Output{Type: "str", Description: "the caption"}
	p.Vars["EncoderDecoder"] = encoderDecoder
	trust := useLoadArgs(p, m, o, map[string][]string{"ProcessorArgs": {"model_dir"}, "ModelArgs": {"model_dir", "dtype=self.dtype"}})
	p.Vars["ModelClass"] = autoClass(m, trust, "AutoModelForImageTextToText", "AutoModelForCausalLM", "AutoModel")
	p.Vars["Purpose"] = "Image-captioning predictor"
	p.Vars["Doc"] = "Describe an image in words."
	p.Deterministic = true
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"image": exampleMedia(m, sampleImageURL)},
		Checker: "jq_query", Expect: "length > 0"}}
	return p, nil
}

// isEncoderDecoder reports whether the model is a VisionEncoderDecoderModel.
func isEncoderDecoder(m *facts.Model, c Class) bool {
	return modelType(m) == "vision-encoder-decoder" || c.Architecture == "VisionEncoderDecoderModel"
}

// maxNewTokensInput bounds the answer by the text decoder's positions
// (at most 1024: captions and answers are short), defaulting to the card's
// or generation_config.json's max_new_tokens, else def.
func maxNewTokensInput(m *facts.Model, def int64) plan.Input {
	limit := int64(1024)
	for _, key := range []string{"text_config.max_position_embeddings", "decoder.max_position_embeddings", "decoder.n_positions", "max_position_embeddings"} {
		if n := cfg(m, "config.json", key).Int(); n > 0 {
			limit = min(limit, n)
			break
		}
	}
	d := settingInt(m, "max_new_tokens", cfg(m, "generation_config.json", "max_new_tokens").Int())
	if d <= 0 {
		d = def
	}
	return plan.Input{Name: "max_new_tokens", Type: "int", Default: int64(clamp(float64(d), 1, float64(limit))),
		Ge: plan.F(1), Le: plan.F(float64(limit)), Description: "Maximum number of tokens to generate."}
}
