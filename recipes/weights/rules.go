package weights

import (
	"strings"
)

// Reasons shared by several rules; the rest are written where they apply.
const (
	reasonMetadata = "repository metadata"
	reasonDocs     = "documentation"
	reasonMedia    = "media"
	reasonTraining = "training artefact"
)

// rule skips a file whose name, or any of whose folders, matches an fnmatch
// pattern. Fold rules match the lowercased path: media and docs come in any
// case (PNG, License.txt).
type rule struct {
	dir    string
	base   string
	fold   bool
	reason string
}

// skipRules apply to every repository whatever its library, in order; the
// first match gives the reason.
var skipRules = []rule{
	{dir: ".*", reason: reasonMetadata},
	{base: ".*", reason: reasonMetadata},
	{dir: "__pycache__", reason: reasonMetadata},

	{dir: "checkpoint-*", reason: reasonTraining},
	{dir: "global_step*", reason: reasonTraining},
	{dir: "runs", reason: reasonTraining},
	{dir: "wandb", reason: reasonTraining},
	{dir: "lightning_logs", reason: reasonTraining},
	{base: "optimizer.*", reason: reasonTraining},
	{base: "scheduler.pt", reason: reasonTraining},
	{base: "scheduler.bin", reason: reasonTraining},
	{base: "lr_scheduler.*", reason: reasonTraining},
	{base: "scaler.pt", reason: reasonTraining},
	{base: "training_args.bin", reason: reasonTraining},
	{base: "trainer_state.json", reason: reasonTraining},
	{base: "rng_state*", reason: reasonTraining},
	{base: "random_states_*.pkl", reason: reasonTraining},
	{base: "events.out.tfevents.*", reason: reasonTraining},
	{base: "all_results.json", reason: reasonTraining},
	{base: "train_results.json", reason: reasonTraining},
	{base: "eval_results.json", reason: reasonTraining},
	// speechbrain's Checkpointer state next to the pretrained modules.
	{base: "dataloader-*.ckpt", reason: reasonTraining},
	{base: "counter.ckpt", reason: reasonTraining},
	{base: "brain.ckpt", reason: reasonTraining},
	{base: "CKPT.yaml", reason: reasonTraining},
	{base: "hyperparams_train.yaml", reason: reasonTraining},
	{base: "zero_to_fp32.py", reason: reasonTraining},

	{base: "*.md", fold: true, reason: reasonDocs},
	{base: "*.rst", fold: true, reason: reasonDocs},
	{base: "*.cff", fold: true, reason: reasonDocs},
	{base: "readme", fold: true, reason: reasonDocs},
	{base: "readme.*", fold: true, reason: reasonDocs},
	{base: "licen[cs]e", fold: true, reason: reasonDocs},
	{base: "licen[cs]e[-.]*", fold: true, reason: reasonDocs},
	{base: "notice", fold: true, reason: reasonDocs},
	{base: "notice.*", fold: true, reason: reasonDocs},
	{base: "copying", fold: true, reason: reasonDocs},
	{base: "copying.*", fold: true, reason: reasonDocs},
	{base: "*.ipynb", reason: "notebook"},
	{base: "example*.py", reason: "example script"},
	{base: "demo*.py", reason: "example script"},
	{base: "app.py", reason: "example script"},
	{base: "handler.py", reason: "inference endpoint handler"},
	{base: "requirements*.txt", reason: "pip requirements (not loaded)"},

	{base: "*.png", fold: true, reason: reasonMedia},
	{base: "*.jpg", fold: true, reason: reasonMedia},
	{base: "*.jpeg", fold: true, reason: reasonMedia},
	{base: "*.gif", fold: true, reason: reasonMedia},
	{base: "*.webp", fold: true, reason: reasonMedia},
	{base: "*.bmp", fold: true, reason: reasonMedia},
	{base: "*.tif", fold: true, reason: reasonMedia},
	{base: "*.tiff", fold: true, reason: reasonMedia},
	{base: "*.svg", fold: true, reason: reasonMedia},
	{base: "*.ico", fold: true, reason: reasonMedia},
	{base: "*.heic", fold: true, reason: reasonMedia},
	{base: "*.mp4", fold: true, reason: reasonMedia},
	{base: "*.mov", fold: true, reason: reasonMedia},
	{base: "*.avi", fold: true, reason: reasonMedia},
	{base: "*.webm", fold: true, reason: reasonMedia},
	{base: "*.mkv", fold: true, reason: reasonMedia},
	{base: "*.wav", fold: true, reason: reasonMedia},
	{base: "*.mp3", fold: true, reason: reasonMedia},
	{base: "*.flac", fold: true, reason: reasonMedia},
	{base: "*.ogg", fold: true, reason: reasonMedia},
	{base: "*.m4a", fold: true, reason: reasonMedia},
	{base: "*.pdf", fold: true, reason: reasonMedia},
}

// framework names the library that reads a file; only the chosen format's
// frameworks are loadable, the rest are "other framework" skips.
type framework struct {
	dir, base, name string
}

// frameworks is ordered: specific names (openvino_model.bin, ggml-*.bin,
// TF.js shards) come before the generic pickle extensions.
var frameworks = []framework{
	{dir: "onnx", name: "onnx"},
	{base: "*.onnx*", name: "onnx"},
	{dir: "openvino", name: "openvino"},
	{base: "openvino_*", name: "openvino"},
	{dir: "coreml", name: "coreml"},
	{dir: "*.mlpackage", name: "coreml"},
	{base: "*.mlmodel", name: "coreml"},
	{base: "*.msgpack", name: "flax"},
	{base: "*.msgpack.index*.json", name: "flax"},
	{base: "*.h5", name: "tensorflow"},
	{base: "*.h5.index*.json", name: "tensorflow"},
	{base: "*.keras", name: "tensorflow"},
	{base: "saved_model.pb*", name: "tensorflow"},
	{base: "*.ot", name: "rust"},
	{base: "*.tflite", name: "tflite"},
	{base: "group*-shard*of*.bin", name: "tfjs"},
	{base: "ggml*.bin", name: "ggml"},
	{base: "*.gguf", name: "gguf"},
	{base: "*.safetensors", name: "safetensors"},
	{base: "*.safetensors.index*.json", name: "safetensors"},
	{base: "*.bin", name: "pytorch"},
	{base: "*.pt", name: "pytorch"},
	{base: "*.pth", name: "pytorch"},
	{base: "*.ckpt", name: "pytorch"},
	{base: "*.bin.index*.json", name: "pytorch"},
	{base: "*.pt.index*.json", name: "pytorch"},
	{base: "*.pth.index*.json", name: "pytorch"},
}

// formatFrameworks lists the frameworks each Options.Format loads.
var formatFrameworks = map[string][]string{
	FormatSafetensors: {"safetensors", "pytorch"},
	FormatGGUF:        {"gguf"},
	FormatONNX:        {"onnx"},
}

// weightExts are the extensions that hold tensors (as opposed to configs
// that live next to them, such as onnx/config.json).
var weightExts = []string{
	".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".gguf", ".msgpack", ".h5", ".keras",
	".ot", ".tflite", ".mlmodel", ".pb",
}

// compiledRule and compiledFramework hold one Select call's compiled
// patterns; nothing is cached between calls.
type compiledRule struct {
	dir, base matcher
	fold      bool
	reason    string
}

type compiledFramework struct {
	dir, base matcher
	name      string
}

type ruleSet struct {
	skips      []compiledRule
	frameworks []compiledFramework
}

func newRuleSet() *ruleSet {
	rs := &ruleSet{}
	for _, r := range skipRules {
		rs.skips = append(rs.skips, compiledRule{optional(r.dir), optional(r.base), r.fold, r.reason})
	}
	for _, f := range frameworks {
		rs.frameworks = append(rs.frameworks, compiledFramework{optional(f.dir), optional(f.base), f.name})
	}
	return rs
}

func optional(pattern string) matcher {
	if pattern == "" {
		return nil
	}
	return compileMatcher(pattern)
}

// skipReason returns the reason a general rule skips the file, or "".
func (rs *ruleSet) skipReason(dirs []string, base string) string {
	lowerBase, lowerDirs := strings.ToLower(base), lowerAll(dirs)
	for _, r := range rs.skips {
		b, ds := base, dirs
		if r.fold {
			b, ds = lowerBase, lowerDirs
		}
		if matches(r.dir, r.base, ds, b) {
			return r.reason
		}
	}
	return ""
}

// framework returns the framework that reads the file, or "" for a plain file.
func (rs *ruleSet) framework(dirs []string, base string) string {
	for _, f := range rs.frameworks {
		if matches(f.dir, f.base, dirs, base) {
			return f.name
		}
	}
	return ""
}

func matches(dir, base matcher, dirs []string, name string) bool {
	if base != nil && base.MatchString(name) {
		return true
	}
	if dir != nil {
		for _, d := range dirs {
			if dir.MatchString(d) {
				return true
			}
		}
	}
	return false
}

func lowerAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

// isWeightName reports whether a file name holds tensors rather than a
// config, by extension (model.onnx_data and friends count).
func isWeightName(base string) bool {
	if strings.Contains(base, ".onnx") && !strings.HasSuffix(base, ".json") {
		return true
	}
	for _, ext := range weightExts {
		if strings.HasSuffix(base, ext) {
			return true
		}
	}
	return false
}
