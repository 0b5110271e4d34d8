package weights

import (
	"strings"
	"testing"
)

func TestSkipReasons(t *testing.T) {
	rs := newRuleSet()
	cases := map[string]string{
		"README.md": reasonDocs, "docs/usage.MD": reasonDocs, "LICENSE": reasonDocs, "LICENSE.txt": reasonDocs,
		"License-MIT": reasonDocs, "licence": reasonDocs, "NOTICE": reasonDocs, "CITATION.cff": reasonDocs,
		"license_plate.pt": "", "licenses.json": "", "readme_assets/x.json": "",
		".gitattributes": reasonMetadata, ".github/workflows/ci.yml": reasonMetadata, "a/.DS_Store": reasonMetadata,
		"scheduler/.ipynb_checkpoints/x.json": reasonMetadata, "__pycache__/m.cpython-311.pyc": reasonMetadata,
		"assets/Banner.PNG": reasonMedia, "x.JPEG": reasonMedia, "demo.mp4": reasonMedia, "paper.pdf": reasonMedia,
		"sample.wav": reasonMedia, "sample.wave.json": "",
		"checkpoint-500/model.safetensors": reasonTraining, "out/checkpoint-1/x.json": reasonTraining,
		"optimizer.pt": reasonTraining, "optimizer.bin": reasonTraining, "scheduler.pt": reasonTraining,
		"scheduler/scheduler_config.json": "", "scaler.pt": reasonTraining, "training_args.bin": reasonTraining,
		"trainer_state.json": reasonTraining, "rng_state_3.pth": reasonTraining, "random_states_0.pkl": reasonTraining,
		"runs/Jan/events.out.tfevents.1.host": reasonTraining, "global_step100/mp_rank_00_model_states.pt": reasonTraining,
		"model_head.pkl": "", "example_inference.py": "example script", "modeling_x.py": "",
		"requirements.txt": "pip requirements (not loaded)", "notebook.ipynb": "notebook",
	}
	for p, want := range cases {
		segs := strings.Split(p, "/")
		if got := rs.skipReason(segs[:len(segs)-1], segs[len(segs)-1]); got != want {
			t.Errorf("skipReason(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestFrameworks(t *testing.T) {
	rs := newRuleSet()
	cases := map[string]string{
		"model.safetensors": "safetensors", "model.safetensors.index.json": "safetensors",
		"model.safetensors.index.fp16.json": "safetensors", "pytorch_model.bin": "pytorch",
		"pytorch_model.bin.index.json": "pytorch", "model.pth": "pytorch", "x.ckpt": "pytorch", "x.pt": "pytorch",
		"openvino_model.bin": "openvino", "openvino/model.xml": "openvino", "ggml-base.en.bin": "ggml",
		"group1-shard1of2.bin": "tfjs", "tf_model.h5": "tensorflow", "tf_model.h5.index.json": "tensorflow",
		"flax_model.msgpack": "flax", "flax_model.msgpack.index.json": "flax", "rust_model.ot": "rust",
		"model.onnx": "onnx", "model.onnx_data": "onnx", "onnx/config.json": "onnx", "x.tflite": "tflite",
		"coreml/a/b.mlpackage/Manifest.json": "coreml", "x.mlmodel": "coreml", "m-Q4_K_M.gguf": "gguf",
		"config.json": "", "tokenizer.model": "", "spiece.model": "", "model_head.pkl": "",
	}
	for p, want := range cases {
		segs := strings.Split(p, "/")
		if got := rs.framework(segs[:len(segs)-1], segs[len(segs)-1]); got != want {
			t.Errorf("framework(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestParseWeightName(t *testing.T) {
	cases := map[string]weightName{
		"model.safetensors":                        {stem: "model", ext: "safetensors"},
		"diffusion_pytorch_model.fp16.safetensors": {stem: "diffusion_pytorch_model", variant: "fp16", ext: "safetensors"},
		"diffusion_pytorch_model.non_ema.bin":      {stem: "diffusion_pytorch_model", variant: "non_ema", ext: "bin"},
		"model-00001-of-00002.safetensors":         {stem: "model", ext: "safetensors", sharded: true},
		"model.fp16-00001-of-00002.safetensors":    {stem: "model", variant: "fp16", ext: "safetensors", sharded: true},
		"model.safetensors.index.json":             {stem: "model", ext: "safetensors"},
		"model.safetensors.index.fp16.json":        {stem: "model", variant: "fp16", ext: "safetensors"},
		"pytorch_model.bin.index.json":             {stem: "pytorch_model", ext: "bin"},
		"sd_xl_base_1.0.safetensors":               {stem: "sd_xl_base_1.0", ext: "safetensors"},
		"sd_xl_turbo_1.0_fp16.safetensors":         {stem: "sd_xl_turbo_1.0_fp16", ext: "safetensors"},
		"consolidated.00.pth":                      {stem: "consolidated.00", ext: "pth"},
		"learned_embeds-steps-1000.safetensors":    {stem: "learned_embeds-steps-1000", ext: "safetensors"},
		"Llama-3-8B-Q8_0-00001-of-00002.gguf":      {stem: "Llama-3-8B-Q8_0", ext: "gguf", sharded: true},
		"noext":                                    {stem: "noext"},
	}
	for in, want := range cases {
		if got := parseWeightName(in); got != want {
			t.Errorf("parseWeightName(%q) = %+v, want %+v", in, got, want)
		}
	}
}
