package weights

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
)

// sizelessCases are corpus models recorded without ?blobs=true: their
// siblings carry names only. Select must refuse them (the strategy needs
// sizes); with every size set to one byte, the selection itself is checked.
var sizelessCases = []corpusCase{{
	// model_index.json not fetched: folders inferred; the notebook
	// checkpoint under scheduler/ is hidden.
	model: "CompVis--stable-diffusion-v1-4", library: "diffusers", want: sd15Want,
	reasons: map[string]string{"scheduler/.ipynb_checkpoints/scheduler_config-checkpoint.json": "repository metadata"},
}, {
	model: "stabilityai--stable-diffusion-2-1", library: "diffusers",
	want: concat([]string{
		"feature_extractor/preprocessor_config.json", "model_index.json", "scheduler/scheduler_config.json",
		"text_encoder/config.json", "text_encoder/model.fp16.safetensors",
		"unet/config.json", "unet/diffusion_pytorch_model.fp16.safetensors",
		"vae/config.json", "vae/diffusion_pytorch_model.fp16.safetensors",
	}, sdTokenizer),
	reasons: map[string]string{"v2-1_768-ema-pruned.ckpt": "root single-file checkpoint (the pipeline loads its folders)"},
}, {
	// 59 shards, the index not fetched: every shard is kept; the Trainer's
	// results, state, args and TensorBoard runs are not.
	model: "HuggingFaceH4--zephyr-orpo-141b-A35b-v0.1", library: "transformers",
	want: concat([]string{
		"config.json", "generation_config.json", "model.safetensors.index.json", "special_tokens_map.json",
		"tokenizer.json", "tokenizer.model", "tokenizer_config.json",
	}, shards("model-%05d-of-00059.safetensors", 59)),
	reasons: map[string]string{
		"all_results.json": "training artefact", "trainer_state.json": "training artefact",
		"training_args.bin": "training artefact", "logo.png": "media",
		"runs/Apr10_15-55-51_ip-26-0-161-78/events.out.tfevents.1712764896.ip-26-0-161-78.3320890.0": "training artefact",
	},
}, {
	// Meta's original/ checkpoint beside the HF shards.
	model: "meta-llama--Llama-3.1-8B-Instruct", library: "transformers", want: llama3Want,
	reasons: map[string]string{
		"original/consolidated.00.pth": "original/ checkpoint (HF shards exist)",
		"original/params.json":         "original/ checkpoint (HF shards exist)",
		"LICENSE":                      "documentation",
	},
}, {
	model: "meta-llama--Meta-Llama-3-8B-Instruct", library: "transformers", want: llama3Want,
}, {
	model: "google--flan-t5-xxl", library: "transformers",
	want: concat([]string{
		"config.json", "generation_config.json", "model.safetensors.index.json", "special_tokens_map.json",
		"spiece.model", "tokenizer.json", "tokenizer_config.json",
	}, shards("model-%05d-of-00005.safetensors", 5)),
	reasons: map[string]string{
		"flax_model.msgpack.index.json": "other framework: flax",
		"tf_model.h5.index.json":        "other framework: tensorflow",
		"pytorch_model.bin.index.json":  "pytorch .bin duplicate of safetensors",
	},
}, {
	model: "google-bert--bert-base-uncased", library: "transformers",
	want: []string{"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "vocab.txt"},
	reasons: map[string]string{
		"coreml/fill-mask/float32_model.mlpackage/Manifest.json": "other framework: coreml",
		"model.onnx":    "other framework: onnx",
		"rust_model.ot": "other framework: rust",
	},
}, {
	model: "google-t5--t5-small", library: "transformers",
	want: []string{"config.json", "generation_config.json", "model.safetensors", "spiece.model", "tokenizer.json", "tokenizer_config.json"},
}, {
	model: "google--vit-base-patch16-224", library: "transformers",
	want: []string{"config.json", "model.safetensors", "preprocessor_config.json"},
}, {
	model: "deepset--roberta-base-squad2", library: "transformers",
	want: []string{"config.json", "merges.txt", "model.safetensors", "special_tokens_map.json", "tokenizer_config.json", "vocab.json"},
}, {
	// onnx/ holds a second copy of the tokenizer: all of it goes.
	model: "distilbert--distilbert-base-uncased-finetuned-sst-2-english", library: "transformers",
	want:    []string{"config.json", "model.safetensors", "tokenizer_config.json", "vocab.txt"},
	reasons: map[string]string{"onnx/vocab.txt": "other framework: onnx", "map.jpeg": "media"},
}, {
	model: "dandelin--vilt-b32-finetuned-vqa", library: "transformers",
	want: []string{"config.json", "preprocessor_config.json", "pytorch_model.bin", "special_tokens_map.json",
		"tokenizer.json", "tokenizer_config.json", "vocab.txt"},
}, {
	model: "facebook--detr-resnet-50-panoptic", library: "transformers",
	want: []string{"config.json", "preprocessor_config.json", "pytorch_model.bin"},
}, {
	model: "naver-clova-ix--donut-base-finetuned-docvqa", library: "transformers",
	want: []string{"added_tokens.json", "config.json", "preprocessor_config.json", "pytorch_model.bin",
		"sentencepiece.bpe.model", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json"},
	reasons: map[string]string{".gitignore": "repository metadata"},
}, {
	model: "openai--clip-vit-base-patch32", library: "transformers",
	want: []string{"config.json", "merges.txt", "preprocessor_config.json", "pytorch_model.bin",
		"special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "vocab.json"},
}, {
	model: "sshleifer--distilbart-cnn-12-6", library: "transformers",
	want: []string{"config.json", "merges.txt", "pytorch_model.bin", "tokenizer_config.json", "vocab.json"},
}, {
	// onnx/ and openvino/ hold nine exports between them.
	model: "sentence-transformers--paraphrase-albert-small-v2", library: "sentence-transformers",
	want: []string{"1_Pooling/config.json", "config.json", "config_sentence_transformers.json", "model.safetensors",
		"modules.json", "sentence_bert_config.json", "special_tokens_map.json", "spiece.model", "tokenizer.json",
		"tokenizer_config.json"},
	reasons: map[string]string{"openvino/openvino_model.xml": "other framework: openvino"},
}, {
	// espnet reads its exp/ folder; the training plots stay behind.
	model: "espnet--kan-bayashi_ljspeech_vits", library: "espnet",
	want: []string{
		"exp/tts_train_vits_raw_phn_tacotron_g2p_en_no_space/config.yaml",
		"exp/tts_train_vits_raw_phn_tacotron_g2p_en_no_space/train.total_count.ave_10best.pth",
		"meta.yaml",
	},
}, {
	// speechbrain: the pretrained modules and hyperparams.yaml; the
	// Checkpointer's optimizer, scheduler, counter and dataloader state go.
	model: "speechbrain--sepformer-wham", library: "speechbrain",
	want: []string{"config.json", "decoder.ckpt", "encoder.ckpt", "hyperparams.yaml", "masknet.ckpt"},
	reasons: map[string]string{
		"optimizer.ckpt": "training artefact", "lr_scheduler.ckpt": "training artefact",
		"dataloader-TRAIN.ckpt": "training artefact", "hyperparams_train.yaml": "training artefact",
	},
}}

var llama3Want = concat([]string{
	"config.json", "generation_config.json", "model.safetensors.index.json", "special_tokens_map.json",
	"tokenizer.json", "tokenizer_config.json",
}, shards("model-%05d-of-00004.safetensors", 4))

func shards(format string, n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf(format, i))
	}
	return out
}

func TestSelectCorpusWithoutSizes(t *testing.T) {
	hf := corpusHF(t)
	for _, c := range sizelessCases {
		c.source = "model-info.json"
		t.Run(c.model, func(t *testing.T) {
			files, opts := c.load(t, hf)
			_, err := Select(files, opts)
			if !errors.Is(err, ErrSizeUnknown) || !strings.Contains(err.Error(), "the Hub answer lacks blobs") {
				t.Fatalf("Select without sizes: err = %v, want ErrSizeUnknown", err)
			}
			// Sizes do not change which files are chosen: give each one byte.
			sized := make([]facts.File, len(files))
			for i, f := range files {
				f.Size = 1
				sized[i] = f
			}
			sel, err := Select(sized, opts)
			if err != nil {
				t.Fatalf("Select: %v", err)
			}
			checkSelection(t, sized, sel, c)
			for _, w := range sel.Warnings {
				t.Logf("warning: %s", w)
			}
		})
	}
}
