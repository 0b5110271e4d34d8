package recipes

import (
	"slices"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

func trainOptions() Options {
	o := Options{}
	o.Train = true
	return o
}

func TestDiffusersTraining(t *testing.T) {
	p := build(t, sdModel("StableDiffusionPipeline", "PNDMScheduler"), trainOptions())
	if p.Vars["Train"] != true || p.Vars["TrainSDXL"] != false {
		t.Fatalf("Train %v, TrainSDXL %v", p.Vars["Train"], p.Vars["TrainSDXL"])
	}
	files := p.Vars["ExtraFiles"].([]string)
	if !slices.Contains(files, "train.py=train/diffusers_lora.py.tmpl") || !slices.Contains(files, "lora_cache.py=lora_cache.py.tmpl") {
		t.Errorf("extra files %v: want train.py beside lora_cache.py", files)
	}
	var names []string
	for _, in := range p.Vars["TrainInputs"].([]plan.Input) {
		names = append(names, in.Name)
		if in.Description == "" {
			t.Errorf("training input %s has no description", in.Name)
		}
	}
	if want := []string{"input_images", "trigger_word", "resolution", "steps", "learning_rate", "rank", "batch_size", "seed"}; !slices.Equal(names, want) {
		t.Errorf("training inputs %v, want %v", names, want)
	}
	if !hasRequirement(p, "peft") {
		t.Error("LoRAs load and train on PEFT: peft must be pinned")
	}
	renderAndReferee(t, p)
}

func TestTrainingRefusals(t *testing.T) {
	flux := pipelineModel("acme/flux", "FluxPipeline", []string{"transformer", "vae", "text_encoder", "text_encoder_2", "scheduler"},
		map[string]string{"scheduler/scheduler_config.json": `{"_class_name": "FlowMatchEulerDiscreteScheduler"}`})
	cls := testModel{id: "acme/cls", task: "text-classification", library: "transformers", arch: "BertForSequenceClassification", weightBytes: 100}.model()
	big := testModel{id: "acme/big", task: "text-generation", library: "transformers", arch: "LlamaForCausalLM", weightBytes: 16_000_000_000}.model()
	for _, tc := range []struct {
		m    *facts.Model
		want string
	}{
		{flux, "Stable Diffusion 1.x/2.x and SDXL"},
		{cls, "has no training script"},
		{big, "--engine transformers"},
	} {
		if _, err := Default().Build(tc.m, trainOptions()); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s with --train: %v, want an error saying %q", tc.m.ID, err, tc.want)
		}
	}
}

func TestLLMTraining(t *testing.T) {
	m := testModel{id: "acme/chat", task: "text-generation", library: "transformers", arch: "LlamaForCausalLM", weightBytes: 1_000_000,
		gated: "manual", configs: map[string]string{"config.json": `{"max_position_embeddings": 1024}`,
			"tokenizer_config.json": `{"chat_template": "{{ messages }}"}`}}.model()
	p := buildPlan(t, m, trainOptions())
	ins := p.Vars["TrainInputs"].([]plan.Input)
	byName := map[string]plan.Input{}
	for _, in := range ins {
		byName[in.Name] = in
	}
	if ml := byName["max_length"]; ml.Default != int64(1024) || *ml.Le != 1024 {
		t.Errorf("max_length default %v le %v: bounded by the 1024-token context", ml.Default, *ml.Le)
	}
	if tok := byName["hf_token"]; tok.Type != "Secret" {
		t.Errorf("gated weights: training needs an hf_token Secret, got %+v", tok)
	}
	if !hasRequirement(p, "peft") || !slices.Contains(p.Vars["CogImports"].([]string), "Path") {
		t.Errorf("peft pinned %v, cog imports %v", hasRequirement(p, "peft"), p.Vars["CogImports"])
	}
	renderAndReferee(t, p)
}

func TestMultiLoRAInputs(t *testing.T) {
	p := build(t, sdModel("StableDiffusionPipeline", "PNDMScheduler"), Options{})
	for _, name := range []string{"lora_url", "lora_scale", "extra_lora_url", "extra_lora_scale"} {
		if in := input(t, p, name); in.Description == "" {
			t.Errorf("%s has no description", name)
		}
	}
	if got := p.Vars["FuzzDisabled"]; !slices.Equal(got.([]string), []string{"lora_url", "extra_lora_url"}) {
		t.Errorf("fuzz disabled %v: a fuzzer cannot invent either LoRA", got)
	}
	for _, arg := range p.Vars["CallArgs"].([]string) {
		if strings.Contains(arg, "lora") {
			t.Errorf("call argument %s: LoRAs go through set_adapters, not the pipeline call", arg)
		}
	}
}
