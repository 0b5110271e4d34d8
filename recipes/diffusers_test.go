package recipes

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// pipelineModel is a small diffusers repo: model_index.json naming class
// and components, a config and a weights file per component, and the
// given extra configs (scheduler, unet, ...), all with sizes.
func pipelineModel(id, class string, components []string, configs map[string]string) *facts.Model {
	index := map[string]any{"_class_name": class}
	m := &facts.Model{ID: id, SHA: strings.Repeat("ab", 20), Endpoint: "https://huggingface.co",
		LibraryName: "diffusers", Configs: map[string][]byte{}}
	for _, c := range components {
		lib := "diffusers"
		if strings.HasPrefix(c, "text_encoder") {
			lib = "transformers"
		}
		index[c] = []string{lib, "Some" + c}
		m.Files = append(m.Files, facts.File{Path: c + "/config.json", Size: 100},
			facts.File{Path: c + "/diffusion_pytorch_model.safetensors", Size: 1000})
	}
	b, _ := json.Marshal(index)
	m.Configs["model_index.json"] = b
	m.Files = append(m.Files, facts.File{Path: "model_index.json", Size: int64(len(b))})
	for path, body := range configs {
		m.Configs[path] = []byte(body)
		if !m.HasFile(path) {
			m.Files = append(m.Files, facts.File{Path: path, Size: int64(len(body))})
		}
	}
	return m
}

func sdModel(class, scheduler string) *facts.Model {
	return pipelineModel("acme/sd", class, []string{"unet", "vae", "text_encoder", "scheduler"}, map[string]string{
		"scheduler/scheduler_config.json": fmt.Sprintf(`{"_class_name": %q}`, scheduler),
		"unet/config.json":                `{"sample_size": 64}`,
		"vae/config.json":                 `{"block_out_channels": [128, 256, 512, 512]}`,
	})
}

func build(t *testing.T, m *facts.Model, o Options) *plan.Plan {
	t.Helper()
	p, err := Default().Build(m, o)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func input(t *testing.T, p *plan.Plan, name string) plan.Input {
	t.Helper()
	in, ok := p.InputNamed(name)
	if !ok {
		t.Fatalf("plan %s has no input %s (inputs %v)", p.Recipe, name, inputNames(p))
	}
	return in
}

func inputNames(p *plan.Plan) []string {
	var out []string
	for _, in := range p.Inputs {
		out = append(out, in.Name)
	}
	return out
}

func TestSchedulerChoices(t *testing.T) {
	sd, _, _ := familyOf("StableDiffusionPipeline")
	sd3, _, _ := familyOf("StableDiffusion3Pipeline")
	flux, _, _ := familyOf("FluxPipeline")
	cases := []struct {
		name  string
		fam   dfamily
		own   string
		shift bool
		first string
		n     int
	}{
		{"karras repo scheduler first", sd, "EulerDiscreteScheduler", false, "EulerDiscreteScheduler", len(karrasSchedulers)},
		{"karras scheduler outside the offered list kept", sd, "LMSDiscreteScheduler", false, "LMSDiscreteScheduler", len(karrasSchedulers) + 1},
		{"distilled scheduler offers nothing", sd, "LCMScheduler", false, "", 0},
		{"no scheduler config", sd, "", false, "", 0},
		{"sd3 flow schedulers", sd3, "FlowMatchEulerDiscreteScheduler", false, "FlowMatchEulerDiscreteScheduler", 2},
		{"sd3 with dynamic shifting", sd3, "FlowMatchEulerDiscreteScheduler", true, "", 0},
		{"flux takes only its own", flux, "FlowMatchEulerDiscreteScheduler", false, "", 0},
	}
	for _, c := range cases {
		got := schedulerChoices(c.fam, c.own, c.shift)
		if len(got) != c.n || (c.n > 0 && got[0] != c.first) {
			t.Errorf("%s: got %v, want %d choices starting with %q", c.name, got, c.n, c.first)
		}
	}
}

func TestTextToImageFamilies(t *testing.T) {
	p := build(t, sdModel("StableDiffusionXLPipeline", "EulerDiscreteScheduler"), Options{})
	if p.Recipe != "diffusers-text-to-image" || p.Vars["PipelineClass"] != "StableDiffusionXLPipeline" {
		t.Fatalf("recipe %s class %v", p.Recipe, p.Vars["PipelineClass"])
	}
	if in := input(t, p, "scheduler"); in.Default != "EulerDiscreteScheduler" || len(in.Choices) != len(karrasSchedulers) {
		t.Errorf("scheduler input %+v", in)
	}
	// sample_size 64 x VAE factor 8: the native size, not SDXL's usual 1024.
	if in := input(t, p, "width"); in.Default != int64(512) {
		t.Errorf("width default %v, want 512 from the configs", in.Default)
	}
	if _, ok := p.InputNamed("lora_url"); !ok || p.Vars["LoraURL"] != true {
		t.Error("SDXL packages take a lora_url")
	}
	if files := p.Vars["ExtraFiles"]; fmt.Sprint(files) != "[lora_cache.py=lora_cache.py.tmpl]" {
		t.Errorf("ExtraFiles %v", files)
	}
}

func TestTextToImageUnknownPipeline(t *testing.T) {
	m := pipelineModel("acme/pixart", "PixArtSigmaPipeline", []string{"transformer", "vae", "text_encoder"}, nil)
	m.PipelineTag = "text-to-image"
	p := build(t, m, Options{})
	if p.Vars["PipelineClass"] != "DiffusionPipeline" || p.Vars["Dtype"] != "bfloat16" {
		t.Errorf("class %v dtype %v", p.Vars["PipelineClass"], p.Vars["Dtype"])
	}
	if !strings.Contains(strings.Join(p.Warnings, "\n"), "PixArtSigmaPipeline is not a pipeline cogport knows") {
		t.Errorf("no warning about the unknown class: %v", p.Warnings)
	}
	for _, name := range []string{"scheduler", "lora_url"} {
		if _, ok := p.InputNamed(name); ok {
			t.Errorf("an unknown pipeline offers %s", name)
		}
	}
	if !standardPipeline("KolorsPipeline") || standardPipeline("StableDiffusionControlNetPipeline") || standardPipeline("DiffusionPipeline") {
		t.Error("standardPipeline misjudges a class")
	}
}

func TestTextToImageCardSettings(t *testing.T) {
	m := pipelineModel("acme/schnell", "FluxPipeline", []string{"transformer", "vae", "text_encoder"}, map[string]string{
		"scheduler/scheduler_config.json": `{"_class_name": "FlowMatchEulerDiscreteScheduler"}`})
	m.Card.Settings = map[string]any{"num_inference_steps": int64(4), "guidance_scale": 0.0, "max_sequence_length": int64(256)}
	p := build(t, m, Options{})
	if in := input(t, p, "num_inference_steps"); in.Default != int64(4) {
		t.Errorf("steps default %v, want the card's 4", in.Default)
	}
	if _, ok := p.InputNamed("guidance_scale"); ok {
		t.Error("a guidance-distilled model must not offer guidance_scale")
	}
	args := strings.Join(p.Vars["CallArgs"].([]string), ", ")
	if !strings.Contains(args, "guidance_scale=0.0") || !strings.Contains(args, "max_sequence_length=256") {
		t.Errorf("call args %s", args)
	}
}

func TestGatedAndCompile(t *testing.T) {
	m := sdModel("StableDiffusion3Pipeline", "FlowMatchEulerDiscreteScheduler")
	m.Gated = "manual"
	o := Options{}
	o.Compile = true
	p := build(t, m, o)
	if in := input(t, p, "hf_token"); in.Type != "Secret" || !in.Optional || p.Vars["Gated"] != true {
		t.Errorf("hf_token %+v gated %v", in, p.Vars["Gated"])
	}
	if p.Inputs[len(p.Inputs)-1].Name != "hf_token" {
		t.Error("hf_token must come last")
	}
	if p.Vars["Compile"] != true || p.Vars["Denoiser"] != "unet" || len(p.Vars["Warmup"].([]string)) == 0 {
		t.Errorf("compile vars %v %v %v", p.Vars["Compile"], p.Vars["Denoiser"], p.Vars["Warmup"])
	}
	if in := input(t, p, "scheduler"); len(in.Choices) != 2 {
		t.Errorf("SD3 offers the two flow schedulers, got %v", in.Choices)
	}
}
