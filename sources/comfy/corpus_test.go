package comfy

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
)

var identifier = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// corpusExpect are facts about particular workflows, checked on top of the
// invariants every workflow must satisfy.
var corpusExpect = map[string]func(t *testing.T, w *facts.ComfyWorkflow){
	"ComfyUI_examples__lora.ui.json": func(t *testing.T, w *facts.ComfyWorkflow) {
		want := "prompt negative_prompt width height batch_size steps cfg sampler_name scheduler denoise seed lora_strength_model lora_strength_clip"
		if got := strings.Join(inputNames(w), " "); got != want {
			t.Errorf("inputs %s, want %s", got, want)
		}
	},
	"ComfyUI_examples__sdxl_simple_example.ui.json": func(t *testing.T, w *facts.ComfyWorkflow) {
		wantTargets(t, w, "steps", "11.steps 10.steps")          // one PrimitiveNode feeds both samplers
		wantTargets(t, w, "prompt", "15.text 6.text")            // base and refiner share the text
		wantTargets(t, w, "seed", "10.noise_seed 11.noise_seed") // one seed for all samplers
	},
	"ComfyUI_examples__flux_dev_example.ui.json": func(t *testing.T, w *facts.ComfyWorkflow) {
		wantTargets(t, w, "width", "30.width 27.width")
	},
	"ComfyUI_examples__embedding_example.ui.json": func(t *testing.T, w *facts.ComfyWorkflow) {
		wantModel(t, w, "SDA768.pt", "embeddings", "")
	},
	"ComfyUI_examples__z_image_turbo.ui.json": func(t *testing.T, w *facts.ComfyWorkflow) {
		if !strings.Contains(string(w.Prompt), `"model":["16",0]`) {
			t.Error("KSampler.model must skip the bypassed ModelSamplingAuraFlow")
		}
	},
	"cog-comfyui__xlabs_flux_controlnet.api.json": func(t *testing.T, w *facts.ComfyWorkflow) {
		wantTargets(t, w, "prompt", "5.clip_l 5.t5xxl")
		wantTargets(t, w, "negative_prompt", "19.clip_l 19.t5xxl")
		wantTargets(t, w, "seed", "3.noise_seed")
	},
	"cog-comfyui__flux_inpaint_alternative.api.json": func(t *testing.T, w *facts.ComfyWorkflow) {
		wantTargets(t, w, "prompt", "35.text_a")
		wantTargets(t, w, "negative_prompt", "131.t5xxl")
		wantTargets(t, w, "mask", "146.image")
		wantModel(t, w, "0930_inpaint_cn.safetensors", "controlnet", SourceCog)
	},
	"cog-comfyui__glif_custom_lora_flux_hf.api.json": func(t *testing.T, w *facts.ComfyWorkflow) {
		wantModel(t, w, "lora.safetensors", "loras", SourceURL)
	},
	"cog-comfyui__video_matting.api.json": func(t *testing.T, w *facts.ComfyWorkflow) {
		if in, ok := w.ComfyInputNamed("video"); !ok || in.Type != "Path" {
			t.Errorf("video = %+v", in)
		}
	},
	"cog-comfyui__animatediff.api.json": func(t *testing.T, w *facts.ComfyWorkflow) {
		if len(w.UnresolvedNodes) != 1 || w.UnresolvedNodes[0].Class != "IPAdapterApply" {
			t.Errorf("unresolved = %+v, want the removed IPAdapterApply", w.UnresolvedNodes)
		}
	},
	"acestep_tweaked__ACEStep_Original.ui.json": func(t *testing.T, w *facts.ComfyWorkflow) {
		wantTargets(t, w, "prompt", "14.tags")
		wantTargets(t, w, "lyrics", "14.lyrics")
		wantModel(t, w, "ace_step_v1_3.5b.safetensors", "checkpoints", SourceProperties)
	},
	"workflow_templates__01_get_started_text_to_image.subgraph.ui.json": func(t *testing.T, w *facts.ComfyWorkflow) {
		wantTargets(t, w, "prompt", "83:27.text")
		if _, ok := w.ComfyInputNamed("negative_prompt"); ok {
			t.Error("the negative is the prompt zeroed out: no negative_prompt")
		}
		for _, m := range w.Models {
			if m.Source != SourceProperties {
				t.Errorf("%s: source %s, want properties", m.Name, m.Source)
			}
		}
	},
	"comfy-pack__simple-pixel-art-generation.ui.json": func(t *testing.T, w *facts.ComfyWorkflow) {
		for name, tg := range map[string]string{"prompt": "11.value", "height": "13.value", "width": "14.value", "seed": "27.value"} {
			wantTargets(t, w, name, tg)
		}
		if h, _ := w.ComfyInputNamed("height"); h.Role != RoleDeclared || *h.Min != 24 || *h.Max != 2048 {
			t.Errorf("height = %+v: comfy-pack's min/max bound it", h)
		}
	},
	"comfyui-deploy__flux-dev.ui.json": func(t *testing.T, w *facts.ComfyWorkflow) {
		wantTargets(t, w, "prompt", "38.default_value")
		wantTargets(t, w, "width", "39.default_value")
		if in, _ := w.ComfyInputNamed("width"); in.Description != "The width of the image. (node 39 ComfyUIDeployExternalNumberInt.default_value)" {
			t.Errorf("width description = %q", in.Description)
		}
	},
}

func inputNames(w *facts.ComfyWorkflow) []string {
	var out []string
	for _, in := range w.Inputs {
		out = append(out, in.Name)
	}
	return out
}

func wantTargets(t *testing.T, w *facts.ComfyWorkflow, name, want string) {
	t.Helper()
	in, ok := w.ComfyInputNamed(name)
	if !ok {
		t.Errorf("no input %q among %v", name, inputNames(w))
		return
	}
	if got := targets(in); got != want {
		t.Errorf("%s targets %s, want %s", name, got, want)
	}
}

func wantModel(t *testing.T, w *facts.ComfyWorkflow, name, folder, source string) {
	t.Helper()
	for _, m := range w.Models {
		if m.Name == name {
			if m.Folder != folder || m.Source != source {
				t.Errorf("model %s: folder %q source %q, want %q %q", name, m.Folder, m.Source, folder, source)
			}
			return
		}
	}
	t.Errorf("no model %s", name)
}

// TestCorpusWorkflows loads every recorded workflow: it must parse,
// convert and trace, and its facts must be well formed.
func TestCorpusWorkflows(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir(t), "workflows", "*.json"))
	if len(files) != 49 {
		t.Errorf("%d corpus workflows, DESIGN §5.5 lists 49", len(files))
	}
	var st corpusStats
	for _, f := range files {
		name := filepath.Base(f)
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w, err := Load(raw, Options{Name: name})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		t.Run(name, func(t *testing.T) {
			checkInputs(t, w)
			checkModels(t, w)
			checkPacks(t, w)
			if check := corpusExpect[name]; check != nil {
				check(t, w)
			}
		})
		st.add(w)
		t.Logf("%s", describeWorkflow(w))
	}
	t.Logf("%s", st)
}

func checkInputs(t *testing.T, w *facts.ComfyWorkflow) {
	var prompt map[string]struct {
		Inputs map[string]any `json:"inputs"`
	}
	if err := unmarshalNumbers(w.Prompt, &prompt); err != nil {
		t.Fatalf("prompt: %v", err)
	}
	seen := map[string]bool{}
	for _, in := range w.Inputs {
		switch {
		case !identifier.MatchString(in.Name) || pythonReserved[in.Name] || secretName.MatchString(in.Name):
			t.Errorf("%s: not a usable Python identifier", in.Name)
		case seen[in.Name]:
			t.Errorf("%s: duplicate", in.Name)
		case !slices.Contains([]string{"str", "int", "float", "bool", "Path"}, in.Type):
			t.Errorf("%s: type %q", in.Name, in.Type)
		case in.Description == "" || len(in.Targets) == 0:
			t.Errorf("%s: no description or no target", in.Name)
		}
		seen[in.Name] = true
		for _, tg := range in.Targets {
			v, ok := prompt[tg.Node].Inputs[tg.Input]
			if _, isLink := v.([]any); !ok || isLink {
				t.Errorf("%s: target %s.%s is not a literal of the prompt", in.Name, tg.Node, tg.Input)
			}
		}
		checkBounds(t, in)
	}
}

func checkBounds(t *testing.T, in facts.ComfyInput) {
	if len(in.Choices) == 1 || (len(in.Choices) > 0 && (in.Min != nil || in.Max != nil)) {
		t.Errorf("%s: choices %v with bounds", in.Name, in.Choices)
	}
	if len(in.Choices) > 0 && in.Default != nil && !slices.Contains(in.Choices, in.Default) {
		t.Errorf("%s: default %v not in choices", in.Name, in.Default)
	}
	if f, ok := toFloat(in.Default); ok && ((in.Min != nil && f < *in.Min) || (in.Max != nil && f > *in.Max)) {
		t.Errorf("%s: default %v outside bounds", in.Name, in.Default)
	}
	if in.Role == RoleSeed && (!in.Optional || in.Default != nil || *in.Max != MaxSeed) {
		t.Errorf("seed %s = %+v", in.Name, in)
	}
	if in.Type == "Path" && in.Default != nil {
		t.Errorf("%s: a Path cannot default to %v", in.Name, in.Default)
	}
}

func checkModels(t *testing.T, w *facts.ComfyWorkflow) {
	for _, m := range w.Models {
		if m.Resolved() && (m.Folder == "" || m.Source == "") {
			t.Errorf("model %s resolved without folder or source: %+v", m.Name, m)
		}
		if !m.Resolved() && m.Problem == "" {
			t.Errorf("model %s unresolved without a reason", m.Name)
		}
	}
}

func checkPacks(t *testing.T, w *facts.ComfyWorkflow) {
	covered := map[string]bool{}
	for _, p := range w.Packs {
		for _, c := range p.Classes {
			covered[c] = true
		}
	}
	for _, u := range w.UnresolvedNodes {
		covered[u.Class] = true
	}
	for _, n := range w.Nodes {
		if !n.Core && !covered[n.Class] {
			t.Errorf("class %s is neither core, locked nor reported", n.Class)
		}
	}
}

func describeWorkflow(w *facts.ComfyWorkflow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s, %d nodes): inputs %v", w.Name, w.Format, len(w.Nodes), inputNames(w))
	for _, m := range w.Models {
		state := m.Source
		if !m.Resolved() {
			state = "UNRESOLVED"
		}
		fmt.Fprintf(&b, "\n    model %s → %s [%s]", m.Name, orUnknown(m.Folder), state)
	}
	for _, p := range w.Packs {
		fmt.Fprintf(&b, "\n    pack %s@%s via %s %v", p.Repo, p.Commit+p.Version, p.Via, p.Classes)
	}
	for _, u := range w.UnresolvedNodes {
		fmt.Fprintf(&b, "\n    UNRESOLVED class %s %v", u.Class, u.Nodes)
	}
	return b.String()
}

type corpusStats struct {
	workflows, inputs                int
	models, resolved                 int
	bySource                         map[string]int
	packs, unresolvedClasses, pinned int
}

func (s *corpusStats) add(w *facts.ComfyWorkflow) {
	if s.bySource == nil {
		s.bySource = map[string]int{}
	}
	s.workflows++
	s.inputs += len(w.Inputs)
	for _, m := range w.Models {
		s.models++
		if m.Resolved() {
			s.resolved++
		}
		src := m.Source
		if src == "" {
			src = "unresolved"
		}
		s.bySource[src]++
	}
	s.packs += len(w.Packs)
	s.unresolvedClasses += len(w.UnresolvedNodes)
	for _, p := range w.Packs {
		if p.Commit != "" {
			s.pinned++
		}
	}
}

func (s corpusStats) String() string {
	var src []string
	for k, v := range s.bySource {
		src = append(src, fmt.Sprintf("%s %d", k, v))
	}
	sort.Strings(src)
	return fmt.Sprintf("corpus: %d workflows, %d inputs; %d model references, %d resolved (%s); %d pack lock lines (%d pinned), %d unresolved classes",
		s.workflows, s.inputs, s.models, s.resolved, strings.Join(src, ", "), s.packs, s.pinned, s.unresolvedClasses)
}
