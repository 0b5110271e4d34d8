package recipes

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
)

// loraAdapter is an adapter repository like the ones trainers push: the
// adapter, a tokenizer with a chat template, and a checkpoint folder.
func peftLoraRepo(baseID, taskType string) *facts.Model {
	cfgJSON := `{"base_model_name_or_path": "` + baseID + `", "task_type": "` + taskType + `", "peft_type": "LORA", "r": 16, "revision": null}`
	m := testModel{id: "someone/tiny-lora", library: "peft",
		configs: map[string]string{"adapter_config.json": cfgJSON, "tokenizer_config.json": `{"eos_token": "</s>"}`},
		files: []string{"adapter_model.safetensors", "chat_template.jinja", "tokenizer.json", "README.md",
			"checkpoint-10/adapter_model.safetensors", "checkpoint-10/optimizer.pt"},
	}.model()
	m.Tags = []string{"base_model:adapter:" + baseID, "lora"}
	return m
}

func causalBase(id string) *facts.Model {
	return testModel{id: id, task: "text-generation", library: "transformers", arch: "LlamaForCausalLM", modelType: "llama",
		weightBytes: 3_600_000_000,
		configs: map[string]string{"config.json": `{"architectures": ["LlamaForCausalLM"], "max_position_embeddings": 4096, "torch_dtype": "float16"}`,
			"generation_config.json": `{"temperature": 0.6, "top_p": 0.9}`}}.model()
}

func TestPeftBase(t *testing.T) {
	m := peftLoraRepo("acme/base-7b", "CAUSAL_LM")
	if id, rev, ok := PeftBase(m); !ok || id != "acme/base-7b" || rev != "" {
		t.Errorf("PeftBase = %q %q %v, want acme/base-7b", id, rev, ok)
	}
	// A trainer's local path is no Hub id: the base_model:adapter: tag is.
	m = peftLoraRepo("/content/drive/base", "CAUSAL_LM")
	m.Tags = []string{"base_model:adapter:acme/base-7b"}
	if id, _, ok := PeftBase(m); !ok || id != "acme/base-7b" {
		t.Errorf("PeftBase with a local path = %q %v, want the tagged acme/base-7b", id, ok)
	}
	// A bare legacy name still counts when nothing better is there.
	m = peftLoraRepo("gpt2", "CAUSAL_LM")
	m.Tags = nil
	if id, _, ok := PeftBase(m); !ok || id != "gpt2" {
		t.Errorf("PeftBase = %q %v, want gpt2", id, ok)
	}
	if _, _, ok := PeftBase(causalBase("acme/base-7b")); ok {
		t.Error("a full model is not an adapter")
	}
}

func TestPeftCausalAdapter(t *testing.T) {
	m := peftLoraRepo("acme/base-7b", "CAUSAL_LM")
	c := Classify(m)
	if c.Library != "peft" || c.Task != "text-generation" {
		t.Fatalf("class %+v, want peft text-generation from task_type", c)
	}
	p := buildPlan(t, m, Options{Base: causalBase("acme/base-7b")})
	if p.Recipe != "peft-adapter" || p.Template != "transformers_text_generation" || p.Library != "peft" {
		t.Errorf("recipe %s template %s library %s", p.Recipe, p.Template, p.Library)
	}
	if p.Weights.Repo != "acme/base-7b" || p.Source.ID != "someone/tiny-lora" {
		t.Errorf("weights from %s, source %s: the base's weights, the adapter's source", p.Weights.Repo, p.Source.ID)
	}
	files, _ := p.Vars["AdapterFiles"].([]string)
	want := []string{`"adapter_config.json"`, `"adapter_model.safetensors"`, `"chat_template.jinja"`, `"tokenizer.json"`, `"tokenizer_config.json"`}
	if !slices.Equal(files, want) {
		t.Errorf("adapter files %v, want %v (no checkpoint)", files, want)
	}
	if p.Vars["Chat"] != true || p.Vars["AdapterTokenizer"] != true || p.Vars["AdapterMerge"] != true || p.Vars["Dtype"] != "float16" {
		t.Errorf("chat %v tokenizer %v merge %v dtype %v", p.Vars["Chat"], p.Vars["AdapterTokenizer"], p.Vars["AdapterMerge"], p.Vars["Dtype"])
	}
	if !pinned(p.Requirements, "peft") {
		t.Error("peft is not pinned")
	}
	py := renderPackage(t, p)
	for _, s := range []string{"from peft import PeftModel", "adapter_dir = snapshot_download(", "revision=ADAPTER_REVISION",
		"AutoTokenizer.from_pretrained(adapter_dir)", "PeftModel.from_pretrained(self.model, adapter_dir)", "merge_and_unload()"} {
		if !strings.Contains(py, s) {
			t.Errorf("predict.py lacks %q", s)
		}
	}
}

// The card's pipeline_tag of a translation LLM's adapter is translation;
// task_type CAUSAL_LM decides.
func TestPeftTaskTypeDecides(t *testing.T) {
	m := peftLoraRepo("acme/mt-llm", "CAUSAL_LM")
	m.PipelineTag = "translation"
	p := buildPlan(t, m, Options{Base: causalBase("acme/mt-llm")})
	if p.Template != "transformers_text_generation" || p.Task != "translation" {
		t.Errorf("template %s task %s, want text generation for a CAUSAL_LM adapter tagged translation", p.Template, p.Task)
	}
}

func TestPeftSeq2SeqAdapterOnGatedBase(t *testing.T) {
	m := peftLoraRepo("acme/t5-base", "SEQ_2_SEQ_LM")
	m.Files = slices.DeleteFunc(m.Files, func(f facts.File) bool { return strings.HasPrefix(f.Path, "tokenizer") })
	b := testModel{id: "acme/t5-base", task: "text2text-generation", library: "transformers", arch: "T5ForConditionalGeneration",
		modelType: "t5", weightBytes: 900_000_000, gated: "auto", configs: map[string]string{"config.json": t5Config}}.model()
	p := buildPlan(t, m, Options{Base: b})
	if p.Template != "transformers_seq2seq" || p.Vars["AdapterTokenizer"] != false {
		t.Errorf("template %s, adapter tokenizer %v", p.Template, p.Vars["AdapterTokenizer"])
	}
	if _, ok := p.InputNamed("hf_token"); !ok {
		t.Error("a gated base needs an hf_token input")
	}
	py := renderPackage(t, p)
	for _, s := range []string{"token=token,", "AutoTokenizer.from_pretrained(model_dir)", "AutoModelForSeq2SeqLM"} {
		if !strings.Contains(py, s) {
			t.Errorf("predict.py lacks %q", s)
		}
	}
}

func TestPeftRefusals(t *testing.T) {
	m := peftLoraRepo("acme/base-7b", "CAUSAL_LM")
	if _, err := Default().Build(m, Options{}); err == nil || !strings.Contains(err.Error(), "base model's facts") {
		t.Errorf("without Options.Base: %v", err)
	}
	local := peftLoraRepo("acme/base-7b", "CAUSAL_LM")
	local.ID, local.LocalDir = "", "/tmp/my-lora"
	if _, err := Default().Build(local, Options{Base: causalBase("acme/base-7b")}); err == nil || !strings.Contains(err.Error(), "--repo-id") {
		t.Errorf("local adapter: %v", err)
	}
	cls := peftLoraRepo("acme/base-7b", "SEQ_CLS")
	if _, err := Default().Build(cls, Options{Base: causalBase("acme/base-7b")}); !errors.Is(err, ErrNoRecipe) {
		t.Errorf("SEQ_CLS adapter: %v, want ErrNoRecipe", err)
	}
	custom := causalBase("acme/base-7b")
	custom.Config = []byte(`{"architectures": ["LlamaForCausalLM"], "auto_map": {"AutoModelForCausalLM": "modeling.Custom"}}`)
	if _, err := Default().Build(m, Options{Base: custom}); !errors.Is(err, ErrRemoteCode) {
		t.Errorf("base with remote code: %v, want ErrRemoteCode", err)
	}
}

func pinned[R interface{ String() string }](reqs []R, name string) bool {
	for _, r := range reqs {
		if strings.HasPrefix(r.String(), name+"==") {
			return true
		}
	}
	return false
}

// GPT-2 and its kin name their causal LM class ...LMHeadModel, not
// ...ForCausalLM: their adapters still stream text.
func TestPeftAdapterOnGPT2(t *testing.T) {
	m := peftLoraRepo("acme/gpt2", "CAUSAL_LM")
	base := testModel{id: "acme/gpt2", task: "text-generation", library: "transformers", arch: "GPT2LMHeadModel", modelType: "gpt2",
		weightBytes: 500_000_000, configs: map[string]string{"config.json": `{"architectures": ["GPT2LMHeadModel"], "n_positions": 1024}`}}.model()
	p := buildPlan(t, m, Options{Base: base})
	if p.Template != "transformers_text_generation" {
		t.Errorf("template %s, want transformers_text_generation", p.Template)
	}
}
