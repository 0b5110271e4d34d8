package recipes

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// Helpers shared by the vision, audio and multimodal recipes: most of them
// load one transformers model, run on CPU when it is small, and take an
// image or an audio file.

// Public samples used as test inputs when the card has none of its own.
const (
	// sampleDocumentURL is the invoice the docquery Space and the Donut
	// DocVQA card show.
	sampleDocumentURL = "https://huggingface.co/spaces/impira/docquery/resolve/2359223c1837a7587402bda0f2643382a6eefeab/invoice.png"
)

// useModel selects the weights and pins the transformers stack with
// the given packages; the model runs on CPU when runsOnCPU says it is small,
// unless gpu forces a GPU. It sets Vars Dtype, the dtype on a GPU (float32
// for a CPU package, else the dtype config.json states, else def; the
// package's choose_device runs the CPU in float32 whatever it is), and
// returns whether the package needs a GPU.
func useModel(p *plan.Plan, m *facts.Model, c Class, o Options, forceGPU bool, def string,
	extras []string, names ...string) (bool, error) {
	if _, err := useWeights(p, m, c, o, ""); err != nil {
		return false, err
	}
	gpu := forceGPU || !runsOnCPU(m, p)
	if err := useStack(p, transformersStack, gpu, extras, names...); err != nil {
		return false, err
	}
	p.Vars["Dtype"] = "float32"
	if gpu {
		p.Vars["Dtype"] = modelDtype(m, def)
	}
	if !o.TrustRemoteCode {
		// With the flag, useRemoteCode says what the package trusts.
		warnCustomCode(p, m)
	}
	return gpu, nil
}

// useLoadArgs sets, for each of the template's from_pretrained calls, the
// Vars entry of its arguments, adding trust_remote_code=True when the
// model's code is trusted (useRemoteCode). It returns whether it is.
func useLoadArgs(p *plan.Plan, m *facts.Model, o Options, calls map[string][]string) bool {
	trust := useRemoteCode(p, m, o)
	for name, args := range calls {
		p.Vars[name] = remoteCodeArgs(args, trust)
	}
	return trust
}

// usePipeline sets Vars PipelineArgs, the arguments of the template's
// transformers.pipeline(task, model=model_dir, ...) call, trusting the
// model's code as useLoadArgs does. A repository that replaces the task's
// pipeline with its own (config.json's custom_pipelines) is refused: what
// that code answers is its own business, not the shape the template reads.
func usePipeline(p *plan.Plan, m *facts.Model, o Options, task string, args ...string) error {
	if impl := customPipeline(m, task); impl != "" {
		why := fmt.Sprintf("%s replaces transformers' %s pipeline with its own (%s), whose answers need not be what "+
			"the %s package reads, so cogport cannot package it, even with --trust-remote-code", displayID(m), task, impl, p.Recipe)
		if m.HasFile("requirements.txt") {
			why += "; its code also needs the packages of its own requirements.txt, which cogport does not pin"
		}
		return fmt.Errorf("%w: %s", ErrRemoteCode, why)
	}
	// Task names are plain ASCII words: Go's quoting is Python's.
	all := append([]string{strconv.Quote(task), "model=model_dir"}, args...)
	useLoadArgs(p, m, o, map[string][]string{"PipelineArgs": all})
	return nil
}

// customPipeline is the class a repository's config.json puts in place of
// transformers' pipeline for task, or "".
func customPipeline(m *facts.Model, task string) string {
	// Pipeline tasks are hyphenated words: nothing in them is gjson syntax.
	key := "custom_pipelines." + task + ".impl"
	return firstNonEmpty(cfg(m, "config.json", key).String(), gjson.GetBytes(m.Config, key).String())
}

// autoClass is the transformers auto class a template loads the model
// with: preferred, unless the model's trusted code registers itself only
// under one of the fallbacks (custom vision-language models often map
// AutoModelForCausalLM or AutoModel, not AutoModelForImageTextToText).
func autoClass(m *facts.Model, trust bool, preferred string, fallbacks ...string) string {
	if !trust || autoMapped(m, preferred) {
		return preferred
	}
	for _, f := range fallbacks {
		if autoMapped(m, f) {
			return f
		}
	}
	return preferred
}

// autoMapped reports whether config.json's auto_map names class.
func autoMapped(m *facts.Model, class string) bool {
	key := "auto_map." + class
	return cfg(m, "config.json", key).Exists() || gjson.GetBytes(m.Config, key).Exists()
}

// warnCustomCode warns when config.json maps the auto classes to code in
// the repository (auto_map). transformers then uses its own implementation
// of the model_type when it has one; when it has none, loading fails
// without trust_remote_code=True, which a generated package never sets by
// itself: running a repository's code is the user's decision.
func warnCustomCode(p *plan.Plan, m *facts.Model) {
	if cfg(m, "config.json", "auto_map").Exists() || gjson.GetBytes(m.Config, "auto_map").Exists() {
		p.Warn(fmt.Sprintf("config.json maps the model to custom code in the repository (auto_map): unless transformers %s implements model_type %q itself, loading fails until you read that code and add trust_remote_code=True to predict.py",
			transformersStack.versions["transformers"], orUnknown(modelType(m))))
	}
}

// modelType is config.json's model_type, else the model info's.
func modelType(m *facts.Model) string {
	if t := cfg(m, "config.json", "model_type").String(); t != "" {
		return t
	}
	return gjson.GetBytes(m.Config, "model_type").String()
}

// labelCount is the number of classes config.json's id2label names, or def
// when the config is missing or names fewer than two.
func labelCount(m *facts.Model, def int64) int64 {
	if n := int64(len(cfg(m, "config.json", "id2label").Map())); n >= 2 {
		return n
	}
	return def
}

// imageInput is the required image every vision recipe takes.
func imageInput(desc string) plan.Input {
	return plan.Input{Name: "image", Type: "Path", Description: desc}
}

// topKInput asks for the k likeliest of n labels (or answers: what names
// them), bounded by how many there are.
func topKInput(n int64, what string) plan.Input {
	return plan.Input{Name: "top_k", Type: "int", Default: min(int64(5), n), Ge: plan.F(1), Le: plan.F(float64(n)),
		Description: "How many of the likeliest " + what + " to return."}
}

// thresholdInput is a score threshold in [0, 1].
func thresholdInput(def float64, desc string) plan.Input {
	return plan.Input{Name: "threshold", Type: "float", Default: clamp(def, 0, 1), Ge: plan.F(0), Le: plan.F(1), Description: desc}
}

// exampleQuestion is the card's first widget that pairs an image with a
// question, else the fallbacks.
func exampleQuestion(m *facts.Model, image, question string) (string, string) {
	for _, w := range m.Widgets {
		if strings.HasPrefix(w.Src, "https://") && strings.TrimSpace(w.Text) != "" {
			return w.Src, strings.TrimSpace(w.Text)
		}
	}
	return exampleMedia(m, image), question
}

// useOutputModel makes predict() return the recipe's own cog.BaseModel
// subclass, which the template defines as Output with an image: Path field.
func useOutputModel(p *plan.Plan, desc string) {
	p.Output = plan.Output{Type: "Output", Description: desc}
	p.Vars["CogImports"] = []string{"BaseModel", "Path"}
}

// timmBackbones are the model types whose configs default to a timm
// backbone (use_timm_backbone): DETR and its relatives.
var timmBackbones = map[string]bool{
	"detr": true, "conditional_detr": true, "deformable_detr": true, "table-transformer": true,
}

// withTimm adds timm to the packages when the model builds its backbone
// with timm: config.json says so, or (without a config) its type does by
// default.
func withTimm(m *facts.Model, names []string) []string {
	v := cfg(m, "config.json", "use_timm_backbone")
	if v.Bool() || !v.Exists() && timmBackbones[modelType(m)] {
		return append(names, "timm")
	}
	return names
}
