package comfy

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/recipes"
)

const sha40 = "0123456789abcdef0123456789abcdef01234567"

// txt2img is a small SD1.5 workflow as sources/comfy describes one: a
// checkpoint from ComfyUI-Manager's list, a LoRA given by URL, a LoRA from
// cog-comfyui's CDN under a synonym, an embedding named in the prompt, a
// pack pinned to a full commit and one pinned to an abbreviated one.
func txt2img() *facts.ComfyWorkflow {
	return &facts.ComfyWorkflow{
		Name:   "txt2img.json",
		Format: "api",
		Prompt: json.RawMessage(`{
"4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "SD1.5\\sd15.safetensors"}},
"10": {"class_type": "LoraLoader", "inputs": {"lora_name": "https://huggingface.co/o/r/blob/main/style.safetensors", "strength_model": 1, "model": ["4", 0]}},
"11": {"class_type": "LoraLoader", "inputs": {"lora_name": "old-name.safetensors", "model": ["10", 0]}},
"6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a cat, embedding:EasyNegative", "clip": ["4", 1]}, "_meta": {"title": "Positive"}},
"3": {"class_type": "KSampler", "inputs": {"seed": 7, "steps": 20, "cfg": 7.5, "sampler_name": "euler", "model": ["11", 0], "positive": ["6", 0]}},
"9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "<out>", "images": ["3", 0]}}
}`),
		Nodes: []facts.ComfyNode{{ID: "3", Class: "KSampler", Core: true}, {ID: "9", Class: "SaveImage", Core: true},
			{ID: "20", Class: "PackNode"}, {ID: "21", Class: "OtherNode"}},
		OutputNodes: []string{"9"},
		Inputs: []facts.ComfyInput{
			{Name: "prompt", Role: "prompt", Type: "str", Default: "a cat, embedding:EasyNegative", Description: "Prompt (node 6 CLIPTextEncode.text)",
				Targets: []facts.ComfyTarget{{Node: "6", Input: "text"}}},
			{Name: "steps", Role: "steps", Type: "int", Default: int64(20), Min: f(0.5), Max: f(100.7), Description: "Steps",
				Targets: []facts.ComfyTarget{{Node: "3", Input: "steps"}}},
			{Name: "sampler_name", Role: "sampler_name", Type: "str", Default: "euler", Min: f(0), Choices: []any{"euler", "heun"}, Description: "Sampler",
				Targets: []facts.ComfyTarget{{Node: "3", Input: "sampler_name"}}},
			{Name: "cfg", Role: "cfg", Type: "float", Default: int64(30), Min: f(0), Max: f(20), Description: "CFG",
				Targets: []facts.ComfyTarget{{Node: "3", Input: "cfg"}}},
			{Name: "workflow", Role: "exposed", Type: "str", Default: "<out>", Description: "",
				Targets: []facts.ComfyTarget{{Node: "9", Input: "filename_prefix"}}},
			{Name: "seed", Role: "seed", Type: "int", Optional: true, Min: f(0), Max: f(4294967295), Example: int64(7), Description: "Seed",
				Targets: []facts.ComfyTarget{{Node: "3", Input: "seed"}}},
		},
		Models: []facts.ComfyModel{
			{Name: "SD1.5/sd15.safetensors", Folder: "checkpoints", URL: "https://huggingface.co/x/sd15.safetensors", Source: "manager", Size: "2GB",
				Refs: []facts.ComfyTarget{{Node: "4", Input: "ckpt_name"}}},
			{Name: "style.safetensors", Folder: "loras", URL: "https://huggingface.co/o/r/resolve/main/style.safetensors", Source: "url",
				Refs: []facts.ComfyTarget{{Node: "10", Input: "lora_name"}}},
			{Name: "old-name.safetensors", Folder: "loras", URL: "https://weights.replicate.delivery/default/comfy-ui/loras/new-name.safetensors.tar",
				Source: "cog-comfyui", Archive: true, Stored: "new-name.safetensors", Refs: []facts.ComfyTarget{{Node: "11", Input: "lora_name"}}},
			{Name: "EasyNegative.safetensors", Folder: "embeddings", URL: "https://huggingface.co/x/EasyNegative.safetensors", Source: "manager",
				Refs: []facts.ComfyTarget{{Node: "6", Input: "text"}}},
		},
		Packs: []facts.ComfyNodePack{
			{Repo: "https://github.com/acme/ComfyUI-Pack.git", Commit: sha40, Classes: []string{"PackNode"}, Via: "cnr_id"},
			{Repo: "https://github.com/other/ComfyUI-Pack", Commit: "abc1234", Classes: []string{"OtherNode"}, Via: "stars", Note: "2 packs provide OtherNode"},
		},
		Warnings: []string{"from the source"},
	}
}

func f(v float64) *float64 { return &v }

func build(t *testing.T, w *facts.ComfyWorkflow, o Options) *plan.Plan {
	t.Helper()
	p, err := Build(w, o)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return p
}

func TestBuildPinsEverything(t *testing.T) {
	p := build(t, txt2img(), Options{})
	row, err := recipes.CogTorch(comfyTorch)
	if err != nil {
		t.Fatal(err)
	}
	if p.CUDA != row.CUDA() || !p.GPU || p.PythonVersion != "3.12" {
		t.Errorf("build: cuda %q gpu %v python %q; want CUDA %s from cog's torch %s row", p.CUDA, p.GPU, p.PythonVersion, row.CUDA(), comfyTorch)
	}
	pin := regexp.MustCompile(`^[a-z0-9-]+==[0-9][0-9a-z.]*$`)
	seen := map[string]bool{}
	for _, r := range p.Requirements {
		if !pin.MatchString(r.String()) {
			t.Errorf("requirement %q is not pinned", r)
		}
		if seen[r.Name] {
			t.Errorf("requirement %s listed twice", r.Name)
		}
		seen[r.Name] = true
	}
	for _, name := range []string{"torch", "torchvision", "torchaudio", "torchsde", "transformers", "safetensors", "aiohttp", "comfyui-frontend-package", "spandrel", "av"} {
		if !seen[name] {
			t.Errorf("requirements lack %s", name)
		}
	}
	if p.Requirements[1].Version != row.Torchvision || p.Requirements[2].Version != row.Torchaudio {
		t.Errorf("torchvision/torchaudio %v do not come from cog's row %+v", p.Requirements[1:3], row)
	}
}

func TestBuildRunInstallsComfyUIAndPacksPinned(t *testing.T) {
	p := build(t, txt2img(), Options{})
	run := strings.Join(p.BuildRun, "\n")
	for _, want := range []string{
		"pget/releases/download/v0.8.2/",
		"git init -q /ComfyUI && git -C /ComfyUI fetch -q --depth 1 " + ComfyUIRepo + " " + ComfyUICommit + " && git -C /ComfyUI checkout -q FETCH_HEAD",
		"git init -q /ComfyUI/custom_nodes/ComfyUI-Pack && git -C /ComfyUI/custom_nodes/ComfyUI-Pack fetch -q --depth 1 https://github.com/acme/ComfyUI-Pack " + sha40,
		// An abbreviated commit cannot be fetched by id: clone, then check it out.
		"git clone -q --filter=blob:none --no-checkout https://github.com/other/ComfyUI-Pack /ComfyUI/custom_nodes/ComfyUI-Pack-2 && git -C /ComfyUI/custom_nodes/ComfyUI-Pack-2 checkout -q abc1234",
		"python -m pip install -r /ComfyUI/custom_nodes/ComfyUI-Pack-2/requirements.txt",
	} {
		if !strings.Contains(run, want) {
			t.Errorf("build.run lacks %q:\n%s", want, run)
		}
	}
	if !hasWarning(p, "2 packs provide OtherNode") || !hasWarning(p, "unpinned") || !hasWarning(p, "from the source") {
		t.Errorf("warnings lack the pack note, the requirements caveat or the source's own: %q", p.Warnings)
	}
}

func TestModelsLandWhereTheWorkflowLooks(t *testing.T) {
	p := build(t, txt2img(), Options{})
	want := []plan.WeightFile{
		{Path: "checkpoints/SD1.5/sd15.safetensors", Size: -1, URL: "https://huggingface.co/x/sd15.safetensors"},
		{Path: "loras/style.safetensors", Size: -1, URL: "https://huggingface.co/o/r/resolve/main/style.safetensors"},
		{Path: "loras/new-name.safetensors", Size: -1, URL: "https://weights.replicate.delivery/default/comfy-ui/loras/new-name.safetensors.tar", Archive: true},
		{Path: "embeddings/EasyNegative.safetensors", Size: -1, URL: "https://huggingface.co/x/EasyNegative.safetensors"},
	}
	if len(p.Weights.Files) != len(want) {
		t.Fatalf("weights %+v, want %+v", p.Weights.Files, want)
	}
	for i := range want {
		if p.Weights.Files[i] != want[i] {
			t.Errorf("weight %d = %+v, want %+v", i, p.Weights.Files[i], want[i])
		}
	}
	if p.Weights.Strategy != "pget" {
		t.Errorf("strategy %q", p.Weights.Strategy)
	}
	var prompt map[string]struct {
		Inputs map[string]any `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(p.Vars["Workflow"].(string)), &prompt); err != nil {
		t.Fatalf("workflow.json: %v", err)
	}
	for node, want := range map[string][2]string{
		"4":  {"ckpt_name", "SD1.5/sd15.safetensors"},   // `\` is ComfyUI-on-Windows spelling
		"10": {"lora_name", "style.safetensors"},        // a URL becomes its file
		"11": {"lora_name", "new-name.safetensors"},     // the archive holds the canonical name
		"6":  {"text", "a cat, embedding:EasyNegative"}, // prompt text is left alone
		"9":  {"filename_prefix", "<out>"},              // and so is everything else
		"3":  {"sampler_name", "euler"},
	} {
		if got := prompt[node].Inputs[want[0]]; got != want[1] {
			t.Errorf("workflow.json node %s %s = %v, want %q", node, want[0], got, want[1])
		}
	}
}

func TestWorkflowKeepsThePromptsOrder(t *testing.T) {
	p := build(t, txt2img(), Options{})
	wf := p.Vars["Workflow"].(string)
	if i, j := strings.Index(wf, `"10"`), strings.Index(wf, `"3"`); i < 0 || j < 0 || i > j {
		t.Errorf("node 10 comes before node 3 in the prompt and must stay there:\n%s", wf)
	}
	if !strings.Contains(wf, `"filename_prefix": "<out>"`) {
		t.Errorf("workflow.json escapes HTML characters:\n%s", wf)
	}
	if !strings.Contains(wf, `"title": "Positive"`) {
		t.Error("workflow.json dropped _meta")
	}
}

func TestInputsBecomeTypedParameters(t *testing.T) {
	p := build(t, txt2img(), Options{})
	get := func(name string) plan.Input {
		in, ok := p.InputNamed(name)
		if !ok {
			t.Fatalf("no input %s among %+v", name, p.Inputs)
		}
		return in
	}
	if in := get("steps"); in.Ge == nil || *in.Ge != 1 || in.Le == nil || *in.Le != 100 || in.Default != int64(20) {
		t.Errorf("steps = %+v: int bounds round inwards (0.5 → 1, 100.7 → 100)", in)
	}
	if in := get("sampler_name"); in.Ge != nil || len(in.Choices) != 2 {
		t.Errorf("sampler_name = %+v: choices win over bounds", in)
	}
	if in := get("cfg"); in.Ge != nil || in.Le != nil || in.Default != float64(30) {
		t.Errorf("cfg = %+v: a default outside the range drops the bounds and stays a float", in)
	}
	if in := get("seed"); !in.Optional || in.Default != nil || *in.Le != 4294967295 {
		t.Errorf("seed = %+v", in)
	}
	if in := get("workflow_input"); in.Description == "" {
		t.Errorf("the renamed input has no description: %+v", in)
	}
	if _, clash := p.InputNamed("workflow"); clash {
		t.Error("an input is called workflow, which predict() uses")
	}
	subs := p.Vars["Substitutions"].([]map[string]any)
	if subs[5]["Name"] != "seed" || subs[5]["Seed"] != true || subs[4]["Name"] != "workflow_input" {
		t.Errorf("substitutions %v", subs)
	}
	if len(p.Tests) != 1 || p.Tests[0].Inputs["seed"] != int64(42) {
		t.Errorf("tests %+v: one case with a fixed seed", p.Tests)
	}
}

func TestFileInputsNeedAURLForATest(t *testing.T) {
	w := txt2img()
	w.Inputs = append(w.Inputs, facts.ComfyInput{Name: "image", Role: "image", Type: "Path", Example: "photo.png",
		Description: "Input image", Targets: []facts.ComfyTarget{{Node: "12", Input: "image"}}})
	p := build(t, w, Options{})
	if len(p.Tests) != 0 || !hasWarning(p, "the file input image has no example URL") {
		t.Errorf("a local example file cannot be a test input: tests %+v, warnings %q", p.Tests, p.Warnings)
	}
	w.Inputs[len(w.Inputs)-1].Example = "https://example.com/photo.png"
	p = build(t, w, Options{})
	if len(p.Tests) != 1 || p.Tests[0].Inputs["image"] != "https://example.com/photo.png" {
		t.Errorf("tests %+v", p.Tests)
	}
	if in, _ := p.InputNamed("image"); !in.Required() {
		t.Errorf("image = %+v: a file has no default", in)
	}
}

func TestUnresolvedItemsFailTogether(t *testing.T) {
	w := txt2img()
	w.Models = append(w.Models,
		facts.ComfyModel{Name: "control_scribble.safetensors", Folder: "controlnet", Problem: "not in any list"},
		facts.ComfyModel{Name: "../../etc/passwd", Folder: "checkpoints", Problem: "the path leaves the models folder; not downloaded"},
		facts.ComfyModel{Name: "C:/models/x.safetensors", Folder: "checkpoints", URL: "https://example.com/x.safetensors"},
		facts.ComfyModel{Name: "mystery.onnx", URL: "https://example.com/mystery.onnx"},
	)
	w.UnresolvedNodes = []facts.ComfyUnresolvedNode{{Class: "IPAdapterApply", Nodes: []string{"39"}, Reason: "no pack lists it"}}
	w.Packs = append(w.Packs, facts.ComfyNodePack{Repo: "https://github.com/x/unpinned", Classes: []string{"Thing"}},
		facts.ComfyNodePack{Repo: "https://github.com/x/bad; rm -rf /", Commit: "abc1234"})
	_, err := Build(w, Options{})
	var ue *UnresolvedError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v, want an *UnresolvedError", err)
	}
	msg := err.Error()
	for _, want := range []string{
		`7 unresolved items`, `model "control_scribble.safetensors" (in models/controlnet): not in any list`,
		`"../../etc/passwd" (in models/checkpoints): the path leaves the models folder`,
		`models/checkpoints/C:/models/x.safetensors would leave the models folder`,
		`"mystery.onnx" (in models/<unknown folder>)`, `node class "IPAdapterApply" (node 39): no pack lists it`,
		`pack https://github.com/x/unpinned: no commit is known`, `not a plain https repository URL`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("the error is not one line: %q", msg)
	}

	p := build(t, w, Options{AllowUnresolved: true})
	if n := countWarnings(p, "unresolved "); n != 7 {
		t.Errorf("%d unresolved warnings, want 7: %q", n, p.Warnings)
	}
	for _, f := range p.Weights.Files {
		if !SafeModelPath(f.Path) || strings.Contains(f.Path, "passwd") || strings.Contains(f.Path, "mystery") {
			t.Errorf("an unresolved or unsafe model is downloaded: %+v", f)
		}
	}
	run := strings.Join(p.BuildRun, "\n")
	if !strings.Contains(run, "git clone -q --depth 1 https://github.com/x/unpinned /ComfyUI/custom_nodes/unpinned") || strings.Contains(run, "rm -rf") {
		t.Errorf("build.run:\n%s", run)
	}
}

func TestConflictingDownloadsForOneFile(t *testing.T) {
	w := txt2img()
	w.Models = append(w.Models, facts.ComfyModel{Name: "style.safetensors", Folder: "loras", URL: "https://other.example/style.safetensors",
		Refs: []facts.ComfyTarget{{Node: "12", Input: "lora_name"}}})
	_, err := Build(w, Options{})
	if err == nil || !strings.Contains(err.Error(), "two downloads claim models/loras/style.safetensors") {
		t.Errorf("err = %v", err)
	}
	w.Models[len(w.Models)-1].URL = "https://huggingface.co/o/r/resolve/main/style.safetensors"
	p := build(t, w, Options{})
	if len(p.Weights.Files) != 4 {
		t.Errorf("the same file from the same URL is one download: %+v", p.Weights.Files)
	}
}

func TestSafeModelPath(t *testing.T) {
	for path, want := range map[string]bool{
		"checkpoints/a.safetensors": true, "loras/sub dir/a b.safetensors": true, "ultralytics/bbox/face.pt": true,
		"": false, "/etc/passwd": false, "checkpoints/../../x": false, "checkpoints/./x": false, "checkpoints//x": false,
		`checkpoints\x`: false, "C:/x": false, "checkpoints/x\x00": false, "checkpoints/ x": false, "checkpoints/x\n": false,
	} {
		if got := SafeModelPath(path); got != want {
			t.Errorf("SafeModelPath(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestModelName(t *testing.T) {
	for name, want := range map[string]string{
		"My Workflow (v2).json": plan.PlaceholderOwner + "/my-workflow-v2",
		"flux_dev.api.json":     plan.PlaceholderOwner + "/flux_dev.api",
		"...json":               plan.PlaceholderOwner + "/comfyui-workflow",
	} {
		w := txt2img()
		w.Name = name
		if got := build(t, w, Options{}).Model; got != want {
			t.Errorf("%q → %q, want %q", name, got, want)
		}
	}
	if got := build(t, txt2img(), Options{Model: "me/cat"}).Model; got != "me/cat" {
		t.Errorf("--model ignored: %q", got)
	}
}

func hasWarning(p *plan.Plan, sub string) bool { return countWarnings(p, sub) > 0 }

func countWarnings(p *plan.Plan, sub string) int {
	n := 0
	for _, w := range p.Warnings {
		if strings.Contains(w, sub) {
			n++
		}
	}
	return n
}
