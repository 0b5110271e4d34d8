package weights

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
)

// corpusCase is one recorded repository and the files a careful human picks
// from it, written down from its file list, model_index.json and index files.
type corpusCase struct {
	model   string // folder under corpus/hf
	source  string // the file list inside it
	library string
	variant string
	want    []string
	// reasons pins the reason of a few skipped files.
	reasons map[string]string
}

func (c corpusCase) load(tb testing.TB, hf string) ([]facts.File, Options) {
	tb.Helper()
	dir := filepath.Join(hf, c.model)
	src := filepath.Join(dir, c.source)
	var files []facts.File
	switch {
	case c.source == "tree.json":
		files = loadTree(tb, src)
	case strings.HasPrefix(c.source, "model-info"):
		files = loadSiblings(tb, src)
	default:
		files = loadHubTree(tb, src)
	}
	return files, Options{Library: c.library, Variant: c.variant, Configs: loadConfigs(tb, dir)}
}

// Diffusers pipelines: the fp16 safetensors of every model_index.json
// component, their configs, the scheduler and tokenizers.
var (
	sdTokenizer  = []string{"tokenizer/merges.txt", "tokenizer/special_tokens_map.json", "tokenizer/tokenizer_config.json", "tokenizer/vocab.json"}
	sdTokenizer2 = []string{"tokenizer_2/merges.txt", "tokenizer_2/special_tokens_map.json", "tokenizer_2/tokenizer_config.json", "tokenizer_2/vocab.json"}
	sdxlWant     = concat([]string{
		"model_index.json", "scheduler/scheduler_config.json",
		"text_encoder/config.json", "text_encoder/model.fp16.safetensors",
		"text_encoder_2/config.json", "text_encoder_2/model.fp16.safetensors",
		"unet/config.json", "unet/diffusion_pytorch_model.fp16.safetensors",
		"vae/config.json", "vae/diffusion_pytorch_model.fp16.safetensors",
	}, sdTokenizer, sdTokenizer2)
	sd15Want = concat([]string{
		"feature_extractor/preprocessor_config.json", "model_index.json",
		"safety_checker/config.json", "safety_checker/model.fp16.safetensors",
		"scheduler/scheduler_config.json",
		"text_encoder/config.json", "text_encoder/model.fp16.safetensors",
		"unet/config.json", "unet/diffusion_pytorch_model.fp16.safetensors",
		"vae/config.json", "vae/diffusion_pytorch_model.fp16.safetensors",
	}, sdTokenizer)
)

// sizedCases are every corpus model whose file list has sizes (tree.json,
// model-info.blobs.json or a Hub tree answer).
var sizedCases = []corpusCase{{
	model: "runwayml--stable-diffusion-v1-5", source: "tree.json", library: "diffusers",
	want: sd15Want,
	reasons: map[string]string{
		"unet/diffusion_pytorch_model.safetensors":         "fp32 duplicate of fp16 variant",
		"unet/diffusion_pytorch_model.non_ema.safetensors": "non_ema variant not selected",
		"unet/diffusion_pytorch_model.fp16.bin":            "pytorch .bin duplicate of safetensors",
		"v1-5-pruned-emaonly.safetensors":                  "root single-file checkpoint (the pipeline loads its folders)",
		"v1-inference.yaml":                                "root file outside the pipeline folders",
		"README.md":                                        "documentation",
	},
}, {
	// model_index.json lists 7 components; vae_1_0/ and the ONNX folders
	// are not among them, and the root holds single-file checkpoints and a LoRA.
	model: "stabilityai--stable-diffusion-xl-base-1.0", source: "tree.json", library: "diffusers",
	want: sdxlWant,
	reasons: map[string]string{
		"vae_1_0/diffusion_pytorch_model.fp16.safetensors": "not in model_index.json",
		"vae_decoder/model.onnx":                           "other framework: onnx",
		"vae_decoder/config.json":                          "not in model_index.json",
		"sd_xl_offset_example-lora_1.0.safetensors":        "root LoRA (not part of the pipeline)",
		"sd_xl_base_1.0.safetensors":                       "root single-file checkpoint (the pipeline loads its folders)",
		"unet/diffusion_flax_model.msgpack":                "other framework: flax",
		"unet/openvino_model.bin":                          "other framework: openvino",
		"text_encoder_2/model.onnx_data":                   "other framework: onnx",
		"01.png":                                           "media",
		"LICENSE.md":                                       "documentation",
	},
}, {
	// No model_index.json among the recorded configs: the pipeline folders
	// are inferred; vae_decoder/ and vae_encoder/ hold only ONNX.
	model: "stabilityai--sdxl-turbo", source: "model-info.blobs.json", library: "diffusers",
	want: sdxlWant,
	reasons: map[string]string{
		"vae_decoder/config.json":          "folder holds only onnx weights",
		"sd_xl_turbo_1.0_fp16.safetensors": "root single-file checkpoint (the pipeline loads its folders)",
		"LICENSE.TXT":                      "documentation",
	},
}, {
	// Pickles only: every component keeps its .bin.
	model: "lambdalabs--sd-image-variations-diffusers", source: "tree.json", library: "diffusers",
	want: []string{
		"feature_extractor/preprocessor_config.json", "image_encoder/config.json", "image_encoder/pytorch_model.bin",
		"model_index.json", "safety_checker/config.json", "safety_checker/pytorch_model.bin",
		"scheduler/scheduler_config.json", "unet/config.json", "unet/diffusion_pytorch_model.bin",
		"vae/config.json", "vae/diffusion_pytorch_model.bin",
	},
	reasons: map[string]string{"alias-montage.jpg": "media"},
}, {
	model: "damo-vilab--text-to-video-ms-1.7b", source: "tree.json", library: "diffusers",
	want: concat([]string{
		"model_index.json", "scheduler/scheduler_config.json",
		"text_encoder/config.json", "text_encoder/model.fp16.safetensors",
		"unet/config.json", "unet/diffusion_pytorch_model.fp16.safetensors",
		"vae/config.json", "vae/diffusion_pytorch_model.fp16.safetensors",
	}, sdTokenizer),
	reasons: map[string]string{"text_encoder/pytorch_model.fp16.bin": "pytorch .bin duplicate of safetensors"},
}, {
	// The safetensors index names both shards; the .bin shards, the PDF,
	// the licence and the use policy stay behind.
	model: "meta-llama--Llama-2-7b-hf", source: "tree.json", library: "transformers",
	want: []string{
		"config.json", "generation_config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
		"model.safetensors.index.json", "special_tokens_map.json", "tokenizer.json", "tokenizer.model", "tokenizer_config.json",
	},
	reasons: map[string]string{
		"pytorch_model-00001-of-00002.bin": "pytorch .bin duplicate of safetensors",
		"pytorch_model.bin.index.json":     "pytorch .bin duplicate of safetensors",
		"Responsible-Use-Guide.pdf":        "media",
		"USE_POLICY.md":                    "documentation",
		"LICENSE.txt":                      "documentation",
	},
}, {
	model: "openai--whisper-base", source: "tree.json", library: "transformers",
	want: []string{
		"added_tokens.json", "config.json", "generation_config.json", "merges.txt", "model.safetensors", "normalizer.json",
		"preprocessor_config.json", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "vocab.json",
	},
	reasons: map[string]string{
		"flax_model.msgpack": "other framework: flax",
		"tf_model.h5":        "other framework: tensorflow",
		"pytorch_model.bin":  "pytorch .bin duplicate of safetensors",
	},
}, {
	model: "facebook--sam-vit-huge", source: "tree.json", library: "transformers",
	want: []string{"config.json", "model.safetensors", "preprocessor_config.json"},
}, {
	// Custom code (auto_map): the modules stay, the ONNX exports, the
	// native .pth, the example script and the pip requirements do not.
	model: "briaai--RMBG-1.4", source: "tree.json", library: "transformers",
	want: []string{
		"MyConfig.py", "MyPipe.py", "briarmbg.py", "config.json", "model.safetensors",
		"preprocessor_config.json", "utilities.py",
	},
	reasons: map[string]string{
		"model.pth":                 "pytorch .pth duplicate of safetensors",
		"onnx/model_fp16.onnx":      "other framework: onnx",
		"onnx/quantize_config.json": "other framework: onnx",
		"example_inference.py":      "example script",
		"requirements.txt":          "pip requirements (not loaded)",
	},
}, {
	// tokenizer_config.json has no recorded size (a config: fine).
	model: "DocWobble--Orpheus_3B_Quantized", source: "tree.json", library: "transformers",
	want: []string{
		"config.json", "generation_config.json", "model.safetensors", "special_tokens_map.json",
		"tokenizer.json", "tokenizer_config.json",
	},
	reasons: map[string]string{".github/workflows/summary.yml": "repository metadata"},
}, {
	// sentence-transformers with only a pickle, and the 1_Pooling module.
	model: "BAAI--bge-large-zh-v1.5", source: "tree.json", library: "sentence-transformers",
	want: []string{
		"1_Pooling/config.json", "config.json", "config_sentence_transformers.json", "modules.json", "pytorch_model.bin",
		"sentence_bert_config.json", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt",
	},
}, {
	// A PEFT LoRA: the adapter and its tokenizer files; the base model is
	// selected from its own repository.
	model: "Iamjuhwan--HY-MT1.5-yoruba-pidgin-lora", source: "tree.json", library: "peft",
	want: []string{
		"adapter_config.json", "adapter_model.safetensors", "chat_template.jinja", "special_tokens_map.json",
		"tokenizer.json", "tokenizer_config.json",
	},
}, {
	// A PEFT adapter with a Trainer checkpoint folder beside it.
	model: "blackhank--Langchain-side-project", source: "tree.json", library: "peft",
	want: []string{"adapter_config.json", "adapter_model.safetensors"},
	reasons: map[string]string{
		"checkpoint-1/adapter_model.safetensors": "training artefact",
		"checkpoint-1/optimizer.pt":              "training artefact",
	},
}, {
	// A diffusers SDXL LoRA: no pipeline folders, so the root LoRA is the
	// model; 60+ checkpoint folders and the sample images are not.
	model: "meankitdas--stable_diffusion_xl", source: "tree.json", library: "diffusers",
	want: []string{"pytorch_lora_weights.safetensors"},
	reasons: map[string]string{
		"checkpoint-1000/pytorch_lora_weights.safetensors": "training artefact",
		"checkpoint-1000/random_states_0.pkl":              "training artefact",
		"image_0.png":                                      "media",
	},
}, {
	// A textual inversion embedding: one 3 KB file is the whole model.
	model: "InvokeAI-test--textual_inversion_tests", source: "model-info.blobs.json", library: "diffusers",
	want: []string{"learned_embeds-steps-1000.safetensors"},
}, {
	// huggingface.js's recorded tree of bert-base-uncased at dd4bc8b2.
	model: "_hub-api-examples", source: "tree__google-bert--bert-base-uncased@dd4bc8b2__hfjs-spec.json", library: "transformers",
	want:    []string{"config.json", "pytorch_model.bin", "vocab.txt"},
	reasons: map[string]string{"tf_model.h5": "other framework: tensorflow"},
}}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
