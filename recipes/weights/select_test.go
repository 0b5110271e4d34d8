package weights

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
)

// repo builds a file list from "path size" pairs; a size of -1 is unknown.
func repo(entries map[string]int64) []facts.File {
	var out []facts.File
	for p, size := range entries {
		out = append(out, facts.File{Path: p, Size: size})
	}
	return out
}

func mustSelect(t *testing.T, files []facts.File, o Options) Selection {
	t.Helper()
	sel, err := Select(files, o)
	if err != nil {
		t.Fatalf("Select: %v", err)
	}
	return sel
}

func wantFiles(t *testing.T, sel Selection, want ...string) {
	t.Helper()
	slices.Sort(want)
	if got := filePaths(sel.Files); !slices.Equal(got, want) {
		t.Errorf("selected %q\nwant     %q", got, want)
	}
}

func wantReason(t *testing.T, sel Selection, path, reason string) {
	t.Helper()
	for _, s := range sel.Skipped {
		if s.Path == path {
			if s.Reason != reason {
				t.Errorf("reason for %s = %q, want %q", path, s.Reason, reason)
			}
			return
		}
	}
	t.Errorf("%s was not skipped", path)
}

const gbSize = 1_000_000_000

func TestSelectMistralNative(t *testing.T) {
	native := map[string]int64{"params.json": 200, "tekken.json": 1000, "consolidated.safetensors": 47 * gbSize, "README.md": 10}
	sel := mustSelect(t, repo(native), Options{Library: "vllm"})
	wantFiles(t, sel, "params.json", "tekken.json", "consolidated.safetensors")

	// With Hugging Face shards beside them, the consolidated copy goes.
	native["config.json"] = 500
	native["model-00001-of-00002.safetensors"] = 24 * gbSize
	native["model-00002-of-00002.safetensors"] = 23 * gbSize
	sel = mustSelect(t, repo(native), Options{Library: "vllm"})
	wantFiles(t, sel, "config.json", "params.json", "tekken.json",
		"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors")
	wantReason(t, sel, "consolidated.safetensors", "consolidated checkpoint (HF shards exist)")
}

func TestSelectModelIndexEntries(t *testing.T) {
	files := repo(map[string]int64{
		"model_index.json": 500, "unet/config.json": 100, "unet/diffusion_pytorch_model.bin": 3 * gbSize,
		"vae/config.json": 100, "vae/diffusion_pytorch_model.safetensors": 300,
		"vae/diffusion_pytorch_model.bin": 300, "safety_checker/config.json": 100,
		"safety_checker/model.safetensors": 1 * gbSize, "image_encoder/config.json": 100,
		"scheduler/scheduler_config.json": 100, "scheduler/extra.bin": 10,
		"pipeline.py": 10, "inference.yaml": 10,
	})
	index := `{"_class_name": "X", "_diffusers_version": "0.30.0",
		"unet": ["diffusers", "UNet2DConditionModel"], "vae": ["diffusers", "AutoencoderKL"],
		"safety_checker": [null, null], "image_encoder": null, "add_watermarker": null,
		"requires_safety_checker": true, "scheduler": ["diffusers", "DDIMScheduler"],
		"text_encoder": ["transformers", "CLIPTextModel"],
		"_ignore_files": ["scheduler/extra.bin"]}`
	sel := mustSelect(t, files, Options{Library: "diffusers", Configs: map[string][]byte{"model_index.json": []byte(index)}})
	wantFiles(t, sel, "model_index.json", "pipeline.py", "scheduler/scheduler_config.json", "unet/config.json",
		"unet/diffusion_pytorch_model.bin", "vae/config.json", "vae/diffusion_pytorch_model.safetensors")
	wantReason(t, sel, "inference.yaml", "root file outside the pipeline folders")
	wantReason(t, sel, "safety_checker/model.safetensors", "not in model_index.json")
	wantReason(t, sel, "image_encoder/config.json", "not in model_index.json")
	wantReason(t, sel, "scheduler/extra.bin", "listed in model_index.json _ignore_files")
	if sel.Format != "mixed" || sel.Variant != "" {
		t.Errorf("format %q variant %q, want mixed and none", sel.Format, sel.Variant)
	}
	if !slices.ContainsFunc(sel.Warnings, func(w string) bool { return strings.Contains(w, "text_encoder") }) {
		t.Errorf("no warning about the missing text_encoder/ folder: %q", sel.Warnings)
	}

	_, err := Select(files, Options{Library: "diffusers", Configs: map[string][]byte{"model_index.json": []byte("{")}})
	if err == nil || !strings.Contains(err.Error(), "model_index.json") {
		t.Errorf("a broken model_index.json: err = %v", err)
	}
}

func TestSelectVariants(t *testing.T) {
	files := repo(map[string]int64{
		"model_index.json": 1, "unet/config.json": 1,
		"unet/diffusion_pytorch_model.safetensors":         4,
		"unet/diffusion_pytorch_model.fp16.safetensors":    2,
		"unet/diffusion_pytorch_model.bf16.safetensors":    2,
		"unet/diffusion_pytorch_model.non_ema.safetensors": 4,
		"vae/config.json": 1, "vae/diffusion_pytorch_model.safetensors": 4,
	})
	cases := []struct {
		variant, unet, want string
	}{
		{"", "unet/diffusion_pytorch_model.fp16.safetensors", "fp16"},
		{"bf16", "unet/diffusion_pytorch_model.bf16.safetensors", "bf16"},
		{"none", "unet/diffusion_pytorch_model.safetensors", ""},
		{"fp32", "unet/diffusion_pytorch_model.safetensors", ""},
		{"non_ema", "unet/diffusion_pytorch_model.non_ema.safetensors", "non_ema"},
		{"fp8", "unet/diffusion_pytorch_model.safetensors", ""}, // absent: full precision
	}
	for _, c := range cases {
		// Library left empty: model_index.json makes it diffusers.
		sel := mustSelect(t, files, Options{Variant: c.variant})
		wantFiles(t, sel, "model_index.json", "unet/config.json", c.unet, "vae/config.json",
			"vae/diffusion_pytorch_model.safetensors")
		if sel.Variant != c.want {
			t.Errorf("Variant %q: Selection.Variant = %q, want %q", c.variant, sel.Variant, c.want)
		}
	}
	sel := mustSelect(t, files, Options{})
	wantReason(t, sel, "unet/diffusion_pytorch_model.safetensors", "fp32 duplicate of fp16 variant")
	wantReason(t, sel, "unet/diffusion_pytorch_model.bf16.safetensors", "bf16 variant not selected")
}

func TestSelectMixedVariants(t *testing.T) {
	files := repo(map[string]int64{
		"model_index.json": 1, "unet/diffusion_pytorch_model.fp16.safetensors": 2,
		"vae/diffusion_pytorch_model.bf16.safetensors": 2, "text_encoder/model.safetensors": 2,
	})
	sel := mustSelect(t, files, Options{Library: "diffusers"})
	if sel.Variant != "fp16" || !slices.Contains(sel.Warnings, "components use different variants: fp16 in unet/, bf16 in vae/") {
		t.Errorf("variant %q warnings %q", sel.Variant, sel.Warnings)
	}
}

func TestSelectShardedVariantIndex(t *testing.T) {
	files := repo(map[string]int64{
		"transformer/config.json": 1,
		"transformer/diffusion_pytorch_model-00001-of-00002.safetensors":      10,
		"transformer/diffusion_pytorch_model-00002-of-00002.safetensors":      10,
		"transformer/diffusion_pytorch_model.safetensors.index.json":          1,
		"transformer/diffusion_pytorch_model.fp16-00001-of-00002.safetensors": 5,
		"transformer/diffusion_pytorch_model.fp16-00002-of-00002.safetensors": 5,
		"transformer/diffusion_pytorch_model.fp16-00001-of-00003.safetensors": 5, // a stale export
		"transformer/diffusion_pytorch_model.safetensors.index.fp16.json":     1,
	})
	configs := map[string][]byte{
		"transformer/diffusion_pytorch_model.safetensors.index.fp16.json": []byte(`{"metadata": {}, "weight_map": {
			"a": "diffusion_pytorch_model.fp16-00001-of-00002.safetensors",
			"b": "diffusion_pytorch_model.fp16-00002-of-00002.safetensors"}}`),
	}
	sel := mustSelect(t, files, Options{Library: "diffusers", Configs: configs})
	wantFiles(t, sel, "transformer/config.json", "transformer/diffusion_pytorch_model.safetensors.index.fp16.json",
		"transformer/diffusion_pytorch_model.fp16-00001-of-00002.safetensors",
		"transformer/diffusion_pytorch_model.fp16-00002-of-00002.safetensors")
	wantReason(t, sel, "transformer/diffusion_pytorch_model.safetensors.index.json", "fp32 duplicate of fp16 variant")
	wantReason(t, sel, "transformer/diffusion_pytorch_model.fp16-00001-of-00003.safetensors",
		"not in diffusion_pytorch_model.safetensors.index.fp16.json")
}

func TestSelectSentenceTransformersModules(t *testing.T) {
	files := repo(map[string]int64{
		"modules.json": 1, "config.json": 1, "model.safetensors": 100, "pytorch_model.bin": 100,
		"1_Pooling/config.json": 1, "2_Dense/config.json": 1, "2_Dense/model.safetensors": 10,
		"2_Dense/pytorch_model.bin": 10, "3_Old/config.json": 1, "onnx/model.onnx": 100,
	})
	modules := `[{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
		{"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
		{"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"}]`
	sel := mustSelect(t, files, Options{Library: "sentence-transformers", Configs: map[string][]byte{"modules.json": []byte(modules)}})
	wantFiles(t, sel, "modules.json", "config.json", "model.safetensors", "1_Pooling/config.json",
		"2_Dense/config.json", "2_Dense/model.safetensors")
	wantReason(t, sel, "3_Old/config.json", "outside the model root (not loaded by sentence-transformers)")
	wantReason(t, sel, "2_Dense/pytorch_model.bin", "pytorch .bin duplicate of safetensors")

	// Without modules.json, folders named like modules are modules.
	sel = mustSelect(t, files, Options{Library: "sentence-transformers"})
	wantFiles(t, sel, "modules.json", "config.json", "model.safetensors", "1_Pooling/config.json",
		"2_Dense/config.json", "2_Dense/model.safetensors", "3_Old/config.json")
}

func TestSelectSingleDiffusersModel(t *testing.T) {
	// A ControlNet-style repository: one model at the root, no pipeline.
	files := repo(map[string]int64{
		"config.json": 1, "diffusion_pytorch_model.safetensors": 2 * gbSize,
		"diffusion_pytorch_model.fp16.safetensors": gbSize, "diffusion_pytorch_model.bin": 2 * gbSize,
		"images/canny.png": 100,
	})
	sel := mustSelect(t, files, Options{Library: "diffusers"})
	wantFiles(t, sel, "config.json", "diffusion_pytorch_model.fp16.safetensors")
	if sel.Variant != "fp16" || sel.Format != "safetensors" {
		t.Errorf("variant %q format %q", sel.Variant, sel.Format)
	}
}

func TestSelectLoRAWithSamples(t *testing.T) {
	// A folder of sample prompts is not a pipeline: the root LoRA is the model.
	files := repo(map[string]int64{
		"pytorch_lora_weights.safetensors": 20, "samples/prompts.json": 1, "samples/0.png": 5,
	})
	sel := mustSelect(t, files, Options{Library: "diffusers"})
	wantFiles(t, sel, "pytorch_lora_weights.safetensors", "samples/prompts.json")
}

func TestSelectGGUF(t *testing.T) {
	files := repo(map[string]int64{
		"README.md": 1, "config.json": 1, "model.safetensors": 16 * gbSize,
		"Llama-3-8B-Q4_K_M.gguf": 5 * gbSize, "Llama-3-8B-Q4_K_S.gguf": 4 * gbSize,
		"Llama-3-8B-Q8_0-00001-of-00002.gguf": 4 * gbSize, "Llama-3-8B-Q8_0-00002-of-00002.gguf": 4 * gbSize,
		"mmproj-model-f16.gguf": 600, "mmproj-model-f32.gguf": 1200,
	})
	sel := mustSelect(t, files, Options{Format: "gguf"})
	wantFiles(t, sel, "Llama-3-8B-Q4_K_M.gguf", "mmproj-model-f16.gguf")
	wantReason(t, sel, "model.safetensors", "other format: safetensors (gguf chosen)")
	wantReason(t, sel, "config.json", "not used with gguf weights")
	wantReason(t, sel, "Llama-3-8B-Q4_K_S.gguf", "gguf file not selected (Llama-3-8B-Q4_K_M chosen)")

	sel = mustSelect(t, files, Options{Format: "GGUF", Quant: "q8_0"})
	wantFiles(t, sel, "Llama-3-8B-Q8_0-00001-of-00002.gguf", "Llama-3-8B-Q8_0-00002-of-00002.gguf", "mmproj-model-f16.gguf")
	if sel.Format != "gguf" {
		t.Errorf("format %q", sel.Format)
	}

	for _, quant := range []string{"Q4_K", "Q2_K"} {
		if _, err := Select(files, Options{Format: "gguf", Quant: quant}); err == nil ||
			!strings.Contains(err.Error(), "no gguf file has quantization") {
			t.Errorf("Quant %q: err = %v", quant, err)
		}
	}
	odd := repo(map[string]int64{"a.gguf": 1, "b.gguf": 1})
	if _, err := Select(odd, Options{Format: "gguf"}); err == nil || !strings.Contains(err.Error(), "choose one") {
		t.Errorf("two unlabelled gguf files: err = %v", err)
	}
	if _, err := Select(repo(map[string]int64{"model.safetensors": 1}), Options{Format: "gguf"}); !errors.Is(err, ErrNoWeights) {
		t.Errorf("gguf chosen, none present: err = %v", err)
	}
}

func TestSelectONNX(t *testing.T) {
	files := repo(map[string]int64{
		"config.json": 1, "preprocessor_config.json": 1, "model.safetensors": 176,
		"onnx/model.onnx": 176, "onnx/model_fp16.onnx": 88, "onnx/model_quantized.onnx": 44,
		"onnx/decoder_model_merged.onnx": 2, "onnx/decoder_model_merged.onnx_data": 300,
		"onnx/decoder_model_merged_fp16.onnx": 1, "onnx/decoder_model_merged_fp16.onnx_data": 150,
		"onnx/quantize_config.json": 1, "other/model.onnx": 176,
	})
	sel := mustSelect(t, files, Options{Library: "transformers", Format: "onnx"})
	wantFiles(t, sel, "config.json", "preprocessor_config.json", "onnx/model.onnx", "onnx/quantize_config.json",
		"onnx/decoder_model_merged.onnx", "onnx/decoder_model_merged.onnx_data")
	wantReason(t, sel, "model.safetensors", "other format: safetensors (onnx chosen)")
	wantReason(t, sel, "onnx/model_quantized.onnx", "onnx quantized variant not selected (full-precision chosen)")
	wantReason(t, sel, "onnx/decoder_model_merged_fp16.onnx_data", "onnx fp16 variant not selected (full-precision chosen)")
	wantReason(t, sel, "other/model.onnx", "outside the model root (not loaded by transformers)")

	sel = mustSelect(t, files, Options{Library: "transformers", Format: "onnx", Variant: "fp16"})
	wantFiles(t, sel, "config.json", "preprocessor_config.json", "onnx/model_fp16.onnx", "onnx/quantize_config.json",
		"onnx/decoder_model_merged_fp16.onnx", "onnx/decoder_model_merged_fp16.onnx_data")
}

func TestSelectONNXDiffusers(t *testing.T) {
	// An ONNX pipeline export: the folders holding ONNX graphs, not vae/.
	files := repo(map[string]int64{
		"model_index.json": 1, "scheduler/scheduler_config.json": 1, "unet/config.json": 1,
		"unet/model.onnx": 7, "unet/model.onnx_data": 10, "unet/diffusion_pytorch_model.safetensors": 10,
		"vae/config.json": 1, "vae/diffusion_pytorch_model.safetensors": 3,
		"vae_decoder/config.json": 1, "vae_decoder/model.onnx": 2,
	})
	configs := map[string][]byte{"model_index.json": []byte(`{"unet": ["diffusers", "U"], "vae": ["diffusers", "V"], "scheduler": ["diffusers", "S"]}`)}
	sel := mustSelect(t, files, Options{Library: "diffusers", Format: "onnx", Configs: configs})
	wantFiles(t, sel, "model_index.json", "scheduler/scheduler_config.json", "unet/config.json",
		"unet/model.onnx", "unet/model.onnx_data", "vae_decoder/config.json", "vae_decoder/model.onnx")
	wantReason(t, sel, "vae/config.json", "folder holds only safetensors weights")
}

func TestSelectOriginalOnly(t *testing.T) {
	// Meta's native checkpoint alone: transformers cannot load it, and the
	// error says where the weights are.
	files := repo(map[string]int64{
		"original/consolidated.00.pth": 16 * gbSize, "original/params.json": 1, "README.md": 1,
	})
	_, err := Select(files, Options{Library: "transformers"})
	if !errors.Is(err, ErrNoWeights) || !strings.Contains(err.Error(), "original/consolidated.00.pth (outside the model root") {
		t.Errorf("err = %v", err)
	}
}

func TestSelectUnknownLibraryKeepsFolders(t *testing.T) {
	files := repo(map[string]int64{
		"kokoro-v1_0.pth": 300, "config.json": 1, "voices/af_heart.pt": 1, "voices/am_adam.pt": 1,
		"samples/HEARME.wav": 10, "eval/results.png": 1,
	})
	sel := mustSelect(t, files, Options{Library: "kokoro"})
	wantFiles(t, sel, "kokoro-v1_0.pth", "config.json", "voices/af_heart.pt", "voices/am_adam.pt")
}
