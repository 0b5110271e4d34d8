package recipes

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// diffusersLoRA covers diffusers LoRA adapter repos (pytorch_lora_weights
// or a single LoRA .safetensors, with a base_model): the package loads the
// base model and applies the adapter, pinned to the adapter's commit.
type diffusersLoRA struct{}

// loraAdapter is the LoRA an adapter package applies to its base.
type loraAdapter struct {
	repo, revision, file string
	// trigger is the card's instance_prompt, the words that invoke the LoRA.
	trigger string
	scale   float64
}

func (diffusersLoRA) Info() Info {
	return Info{Name: "diffusers-lora", Tasks: []string{"text-to-image"}, Libraries: []string{"diffusers"},
		Summary: "LoRA adapters for SD 1.x/2.x, SDXL, SD3 and FLUX: the base model loaded, the adapter applied at its pinned commit, with a lora_scale input"}
}

func (diffusersLoRA) Match(m *facts.Model, c Class) bool {
	return c.Library == "diffusers" && (c.Task == "text-to-image" || c.Task == "") && isDiffusersLoRA(m)
}

// Needs is empty: the adapter's card and file list say all the recipe
// reads from it; the base's configs come with Options.Base.
func (diffusersLoRA) Needs(*facts.Model, Class) []string { return nil }

func (r diffusersLoRA) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	return planLoRA(r.Info().Name, m, o.Base, o)
}

// isDiffusersLoRA reports whether a repo is a diffusers LoRA adapter: no
// pipeline of its own, and LoRA weights at its root.
func isDiffusersLoRA(m *facts.Model) bool {
	if m.HasFile("model_index.json") || m.HasFile("adapter_config.json") || m.HasFile("config.json") {
		return false
	}
	if m.HasFile("pytorch_lora_weights.safetensors") || m.HasFile("pytorch_lora_weights.bin") {
		return true
	}
	lora := m.HasTag("lora") || len(m.TagValues("base_model:adapter:")) > 0
	// With no weight file listed at all (a card read on its own), the tags
	// and the card's base_model still say what the model is; planning it
	// then fails on the missing file, with that reason.
	return lora && (len(rootSafetensors(m)) > 0 || !listsWeights(m) && baseModelID(m) != "")
}

// listsWeights reports whether any file of m is a weight file.
func listsWeights(m *facts.Model) bool {
	for _, f := range m.Files {
		switch path.Ext(f.Path) {
		case ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".gguf", ".onnx", ".msgpack", ".h5":
			return true
		}
	}
	return false
}

// planLoRA plans an adapter package from the adapter's facts and its
// base's: the base gives the pipeline, the weights and the gating; the
// adapter gives the names, the license, the trigger and the card settings.
func planLoRA(recipe string, m, b *facts.Model, o Options) (*plan.Plan, error) {
	id := baseModelID(m)
	switch {
	case id == "":
		return nil, fmt.Errorf("%s is a LoRA adapter whose card names no base_model: cogport cannot tell which pipeline to load", displayID(m))
	case m.ID == "":
		return nil, fmt.Errorf("%s is a LoRA adapter: pass --repo-id, so the package can download it from the Hub", displayID(m))
	case b == nil:
		return nil, fmt.Errorf("%s is a LoRA adapter for %s: packaging it needs the base model's facts (pipeline class, files, gating) from the Hub", m.ID, id)
	case b.ID == "":
		return nil, fmt.Errorf("the base model of %s must come from the Hub (its repo id is unknown)", m.ID)
	}
	bc := Classify(b)
	fam, task, ok := familyOf(bc.PipelineClass)
	if !ok || task != "text-to-image" {
		return nil, fmt.Errorf("%s's base %s is a %s pipeline: cogport applies LoRAs to SD 1.x/2.x, SDXL, SD3 and FLUX text-to-image bases",
			m.ID, b.ID, orUnknown(bc.PipelineClass))
	}
	file, err := adapterFile(m)
	if err != nil {
		return nil, err
	}
	a := &loraAdapter{repo: m.ID, revision: firstNonEmpty(m.SHA, "main"), file: file,
		trigger: strings.TrimSpace(m.Card.MetaString("instance_prompt")), scale: settingFloat(m, "lora_scale", 1)}
	c := Class{Library: "diffusers", Task: "text-to-image", PipelineClass: bc.PipelineClass}
	p, err := planTextToImage(t2iJob{recipe: recipe, src: m, w: b, c: c, fam: fam, known: true, adapter: a}, o)
	if err != nil {
		return nil, err
	}
	p.Vars["Purpose"] = "LoRA text-to-image predictor"
	p.Vars["Base"] = b.ID
	p.Warn(fmt.Sprintf("%s is a LoRA adapter: the package runs its base model %s at %s, with the adapter applied from %s",
		m.ID, b.ID, firstNonEmpty(b.SHA, "main"), a.file))
	if l := license(b); l.ID != "" && l.ID != p.License.ID {
		p.Warn(fmt.Sprintf("the base model %s has its own license (%s): its terms apply too", b.ID, l.ID))
	}
	return p, nil
}

// useAdapter sets the Vars of the LoRA an adapter package applies.
func useAdapter(p *plan.Plan, a *loraAdapter) {
	if a == nil {
		return
	}
	p.Vars["Adapter"] = true
	p.Vars["AdapterRepo"] = a.repo
	p.Vars["AdapterFile"] = a.file
	p.Vars["AdapterRevision"] = a.revision
	args := []string{"ADAPTER_REPO", "weight_name=ADAPTER_FILE", "revision=ADAPTER_REVISION", `adapter_name="adapter"`}
	if _, gated := p.InputNamed("hf_token"); gated || p.Weights.Gated {
		args = append(args, "token=token")
	}
	p.Vars["AdapterArgs"] = args
}

// adapterFile is the LoRA weights file of an adapter repo: diffusers' own
// name, else the only .safetensors file at the root, else the one named
// like a LoRA.
func adapterFile(m *facts.Model) (string, error) {
	for _, name := range []string{"pytorch_lora_weights.safetensors", "pytorch_lora_weights.bin"} {
		if m.HasFile(name) {
			return name, nil
		}
	}
	root := rootSafetensors(m)
	if len(root) == 1 {
		return root[0], nil
	}
	var named []string
	for _, f := range root {
		if strings.Contains(strings.ToLower(f), "lora") {
			named = append(named, f)
		}
	}
	if len(named) == 1 {
		return named[0], nil
	}
	if len(root) == 0 {
		return "", fmt.Errorf("%s holds no LoRA weights at its root (pytorch_lora_weights.safetensors or one .safetensors file)", m.ID)
	}
	return "", fmt.Errorf("%s holds several .safetensors files at its root (%s): cogport cannot tell which is the LoRA",
		m.ID, strings.Join(root, ", "))
}

// rootSafetensors are the .safetensors files at the repo's root, sorted.
func rootSafetensors(m *facts.Model) []string {
	var out []string
	for _, f := range m.Files {
		if path.Dir(f.Path) == "." && strings.HasSuffix(f.Path, ".safetensors") {
			out = append(out, f.Path)
		}
	}
	sort.Strings(out)
	return out
}
