package recipes

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/internal/testenv"
	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/sources/hf"
)

// corpusAdapter reads a recorded LoRA repo of the corpus: its card, and its
// files from tree.json when recorded (else the files given).
func corpusAdapter(t *testing.T, name, id string, files ...string) *facts.Model {
	t.Helper()
	dir := filepath.Join(testenv.Corpus(t, "hf"), name)
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	card, err := hf.ParseCard(readme)
	if err != nil {
		t.Fatal(err)
	}
	m := &facts.Model{ID: id, SHA: strings.Repeat("cd", 20), Endpoint: "https://huggingface.co", Card: card,
		Tags: card.MetaStrings("tags"), LibraryName: card.MetaString("library_name")}
	for _, b := range card.MetaStrings("base_model") {
		m.Tags = append(m.Tags, "base_model:adapter:"+b)
	}
	if raw, err := os.ReadFile(filepath.Join(dir, "tree.json")); err == nil {
		var tree struct {
			Files []struct {
				Path    string `json:"path"`
				GitSize int64  `json:"git_size"`
				LFS     *struct {
					Size int64 `json:"size"`
				} `json:"lfs"`
			} `json:"files"`
		}
		if err := json.Unmarshal(raw, &tree); err != nil {
			t.Fatal(err)
		}
		for _, f := range tree.Files {
			size := f.GitSize
			if f.LFS != nil {
				size = f.LFS.Size
			}
			m.Files = append(m.Files, facts.File{Path: f.Path, Size: size, LFS: f.LFS != nil})
		}
	}
	for _, f := range files {
		m.Files = append(m.Files, facts.File{Path: f, Size: 3_000_000})
	}
	return m
}

func TestLoRACorpusAdapters(t *testing.T) {
	sdxl := corpusAdapter(t, "meankitdas--stable_diffusion_xl", "meankitdas/stable_diffusion_xl")
	if got := AdapterBase(sdxl); got != "stabilityai/stable-diffusion-xl-base-1.0" {
		t.Fatalf("AdapterBase = %q", got)
	}
	// Without the base's facts the recipe says what it needs.
	_, err := Default().Build(sdxl, Options{})
	if err == nil || !strings.Contains(err.Error(), "needs the base model's facts") {
		t.Fatalf("no base: %v", err)
	}
	base := sdModel("StableDiffusionXLPipeline", "EulerDiscreteScheduler")
	base.ID = "stabilityai/stable-diffusion-xl-base-1.0"
	o := Options{}
	o.Base = base
	p := build(t, sdxl, o)
	if p.Recipe != "diffusers-lora" || p.Source.ID != sdxl.ID || p.Weights.Repo != base.ID {
		t.Fatalf("recipe %s source %s weights %s", p.Recipe, p.Source.ID, p.Weights.Repo)
	}
	// The root file, not one of the ~190 checkpoint-*/ copies.
	if p.Vars["AdapterFile"] != "pytorch_lora_weights.safetensors" || p.Vars["AdapterRevision"] != sdxl.SHA {
		t.Errorf("adapter %v @ %v", p.Vars["AdapterFile"], p.Vars["AdapterRevision"])
	}
	if _, ok := p.InputNamed("lora_url"); ok {
		t.Error("an adapter package applies its own LoRA, not a URL")
	}
	input(t, p, "lora_scale")
	if _, ok := p.InputNamed("scheduler"); !ok {
		t.Error("the SDXL base's schedulers are on offer")
	}

	sd := corpusAdapter(t, "sayakpaul--sd-model-finetuned-lora-t4", "sayakpaul/sd-model-finetuned-lora-t4",
		"pytorch_lora_weights.bin")
	if got := AdapterBase(sd); got != "CompVis/stable-diffusion-v1-4" {
		t.Fatalf("AdapterBase = %q", got)
	}
}

func TestLoRAPlan(t *testing.T) {
	adapter := &facts.Model{ID: "acme/dog-lora", SHA: strings.Repeat("ef", 20), LibraryName: "diffusers",
		Tags:  []string{"lora", "base_model:adapter:acme/flux"},
		Files: []facts.File{{Path: "README.md", Size: 10}, {Path: "dog.safetensors", Size: 1000}},
		Card: facts.Card{Meta: map[string]any{"instance_prompt": "a photo of TOK dog", "license": "mit"},
			Settings: map[string]any{"num_inference_steps": int64(20)}}}
	base := pipelineModel("acme/flux", "FluxPipeline", []string{"transformer", "vae", "text_encoder"}, nil)
	base.Gated = "auto"
	base.Card.Settings = map[string]any{"num_inference_steps": int64(50), "guidance_scale": 3.5}
	p, err := planLoRA("diffusers-lora", adapter, base, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if in := input(t, p, "prompt"); in.Default != "a photo of TOK dog" || !strings.Contains(in.Description, "trigger") {
		t.Errorf("prompt %+v", in)
	}
	// The adapter's card wins over its base's; the base fills the rest.
	if input(t, p, "num_inference_steps").Default != int64(20) || input(t, p, "guidance_scale").Default != 3.5 {
		t.Errorf("settings: %+v", p.Inputs)
	}
	input(t, p, "hf_token")
	if p.Vars["AdapterFile"] != "dog.safetensors" || !strings.Contains(strings.Join(p.Vars["AdapterArgs"].([]string), ","), "token=token") {
		t.Errorf("adapter %v args %v", p.Vars["AdapterFile"], p.Vars["AdapterArgs"])
	}
	if p.Tests[0].Inputs["prompt"] != "a photo of TOK dog" {
		t.Errorf("test prompt %v", p.Tests[0].Inputs["prompt"])
	}
	// load_lora_weights needs diffusers' PEFT backend, once.
	if n := countPackage(p, "peft"); n != 1 {
		t.Errorf("peft pinned %d times: %v", n, p.Requirements)
	}

	// A base that is not a text-to-image family cannot take the LoRA.
	video := pipelineModel("acme/flux", "WanPipeline", []string{"transformer"}, nil)
	if _, err := planLoRA("diffusers-lora", adapter, video, Options{}); err == nil || !strings.Contains(err.Error(), "WanPipeline") {
		t.Errorf("video base: %v", err)
	}
	// Several root files and none named like a LoRA: ambiguous.
	adapter.Files = append(adapter.Files, facts.File{Path: "cat.safetensors", Size: 1000})
	if _, err := planLoRA("diffusers-lora", adapter, base, Options{}); err == nil || !strings.Contains(err.Error(), "several") {
		t.Errorf("ambiguous files: %v", err)
	}
}

func TestIsDiffusersLoRA(t *testing.T) {
	cases := []struct {
		files []string
		tags  []string
		want  bool
	}{
		{[]string{"pytorch_lora_weights.safetensors"}, nil, true},
		{[]string{"lora.safetensors"}, []string{"lora"}, true},
		{[]string{"lora.safetensors"}, nil, false},
		{[]string{"model_index.json", "pytorch_lora_weights.safetensors"}, nil, false},
		{[]string{"adapter_config.json", "adapter_model.safetensors"}, []string{"lora"}, false},
	}
	for _, c := range cases {
		m := &facts.Model{Tags: c.tags}
		for _, f := range c.files {
			m.Files = append(m.Files, facts.File{Path: f, Size: 1})
		}
		if got := isDiffusersLoRA(m); got != c.want {
			t.Errorf("files %v tags %v: %v, want %v", c.files, c.tags, got, c.want)
		}
	}
}

// countPackage counts the requirement lines of p that pin name.
func countPackage(p *plan.Plan, name string) int {
	n := 0
	for _, r := range p.Requirements {
		if r.Name == name {
			n++
		}
	}
	return n
}
