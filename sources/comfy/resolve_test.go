package comfy

import (
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/comfy/catalog"
)

// smallCatalog is a catalog built from hand-written data through the
// same constructor the embedded one uses.
func smallCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.New(catalog.Data{
		Core: []string{"KSampler", "CheckpointLoaderSimple", "SaveImage"},
		Packs: []catalog.Pack{
			{URL: "https://github.com/a/first", CNRID: "first-pack", Stars: 5, Classes: []string{"OnlyA", "Shared"}},
			{URL: "https://github.com/b/second", Stars: 50, Classes: []string{"Shared", "Claimed"}, Preemptions: []string{"Claimed"}},
			{URL: "https://github.com/c/third", Stars: 9, Classes: []string{"Claimed"}, Pattern: ` \(third\)$`},
		},
		Models: []catalog.Model{
			{Type: "checkpoint", SavePath: "default", Filename: "ckpt_a.safetensors", URL: "https://hf.example/ckpt_a.safetensors", Size: "2GB"},
			{Type: "lora", SavePath: "loras/other", Filename: "style.safetensors", URL: "https://hf.example/wrong-style.safetensors"},
			{Type: "lora", SavePath: "loras/sub", Filename: "style.safetensors", URL: "https://hf.example/style.safetensors"},
			{Type: "upscale", SavePath: "default", Filename: "4x.pth", URL: "https://hf.example/4x.pth"},
			{Type: "embedding", SavePath: "default", Filename: "EasyNegative.safetensors", URL: "https://hf.example/en.safetensors"},
			{Type: "mine", SavePath: "mypack/models", Filename: "custom.bin", URL: "https://hf.example/custom.bin"},
			{Type: "checkpoint", SavePath: "loras", Filename: "misfiled.safetensors", URL: "https://hf.example/misfiled"},
			{Type: "checkpoint", SavePath: "checkpoints/SDXL", Filename: "xl_base.safetensors", URL: "https://hf.example/xl_base.safetensors"},
		},
		Weights:  map[string][]string{"VAE": {"ae.safetensors"}, "UPSCALE_MODELS": {"4x.pth"}},
		Synonyms: map[string]string{},
		Pins:     []catalog.Pin{{Repo: "https://github.com/b/second", Commit: "1234567"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const modelsAPI = `{
"1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "ckpt_a.safetensors"}},
"2": {"class_type": "LoraLoader", "inputs": {"lora_name": "sub\\style.safetensors", "strength_model": 1, "strength_clip": 1, "model": ["1", 0], "clip": ["1", 1]}},
"3": {"class_type": "VAELoader", "inputs": {"vae_name": "ae.sft"}},
"4": {"class_type": "UNETLoader", "inputs": {"unet_name": "../../etc/passwd", "weight_dtype": "default"}},
"5": {"class_type": "ControlNetLoader", "inputs": {"control_net_name": "cn.safetensors"}},
"6": {"class_type": "UpscaleModelLoader", "inputs": {"model_name": "4x.pth"}},
"7": {"class_type": "CLIPTextEncode", "inputs": {"text": "a photo, embedding:EasyNegative, best", "clip": ["2", 1]}},
"8": {"class_type": "MyLoader", "inputs": {"model_file": "custom.bin"}},
"9": {"class_type": "LoraLoader", "inputs": {"lora_name": "https://huggingface.co/o/r/blob/main/x.safetensors", "strength_model": 1, "strength_clip": 1, "model": ["2", 0], "clip": ["2", 1]}},
"10": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "mystery.safetensors"}},
"11": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "misfiled.safetensors"}},
"12": {"class_type": "SaveImage", "inputs": {"filename_prefix": "x", "images": ["13", 0]}},
"13": {"class_type": "Everything", "inputs": {"a": ["3", 0], "b": ["4", 0], "c": ["5", 0], "d": ["6", 0], "e": ["7", 0],
        "f": ["8", 0], "g": ["9", 0], "h": ["10", 0], "i": ["11", 0], "j": ["14", 0]}},
"14": {"class_type": "MyCheckpointLoader", "inputs": {"ckpt": "xl_base.safetensors"}}
}`

func TestResolveModels(t *testing.T) {
	defs := defaultDefs(t)
	w, err := Parse([]byte(modelsAPI), defs, 0)
	if err != nil {
		t.Fatal(err)
	}
	user := map[string]ModelSource{"cn.safetensors": {URL: "https://example.com/cn.safetensors", Folder: "controlnet"}}
	got := map[string]facts.ComfyModel{}
	for _, m := range ResolveModels(w, defs, smallCatalog(t), user) {
		got[m.Name] = m
	}
	tests := []struct {
		name, folder, source, url string
	}{
		{"ckpt_a.safetensors", "checkpoints", SourceManager, "https://hf.example/ckpt_a.safetensors"},
		{"sub/style.safetensors", "loras", SourceManager, "https://hf.example/style.safetensors"},
		{"ae.sft", "vae", SourceCog, catalog.CogWeightsBase + "/vae/ae.safetensors.tar"},
		{"cn.safetensors", "controlnet", SourceUser, "https://example.com/cn.safetensors"},
		{"4x.pth", "upscale_models", SourceManager, "https://hf.example/4x.pth"},
		{"EasyNegative.safetensors", "embeddings", SourceManager, "https://hf.example/en.safetensors"},
		{"custom.bin", "mypack/models", SourceManager, "https://hf.example/custom.bin"},
		// A custom loader's bare name is at the top of ComfyUI's folder,
		// not in the subfolder Manager sorts the file into.
		{"xl_base.safetensors", "checkpoints", SourceManager, "https://hf.example/xl_base.safetensors"},
		{"x.safetensors", "loras", SourceURL, "https://huggingface.co/o/r/resolve/main/x.safetensors"},
		{"mystery.safetensors", "checkpoints", "", ""},
		{"misfiled.safetensors", "checkpoints", "", ""},
		{"../../etc/passwd", "diffusion_models", "", ""},
	}
	for _, tt := range tests {
		m, ok := got[tt.name]
		if !ok {
			t.Errorf("%s: not found among %v", tt.name, got)
			continue
		}
		if m.Folder != tt.folder || m.Source != tt.source || m.URL != tt.url {
			t.Errorf("%s = folder %q source %q url %q, want %q %q %q", tt.name, m.Folder, m.Source, m.URL, tt.folder, tt.source, tt.url)
		}
		if tt.url == "" && m.Problem == "" {
			t.Errorf("%s: unresolved without a reason", tt.name)
		}
	}
	if m := got["ae.sft"]; m.Stored != "ae.safetensors" || !m.Archive {
		t.Errorf("ae.sft = %+v: the CDN serves it as ae.safetensors, in a tar", m)
	}
	if m := got["../../etc/passwd"]; !strings.Contains(m.Problem, "leaves the models folder") {
		t.Errorf("unsafe path: %+v", m)
	}
	if len(got) != len(tests) {
		t.Errorf("%d models, want %d", len(got), len(tests))
	}
}

func TestModelsFromProperties(t *testing.T) {
	defs := defaultDefs(t)
	w := parseTestdata(t, "subgraph.ui.json")
	ms := ResolveModels(w, defs, smallCatalog(t), nil)
	if len(ms) != 1 || ms[0].Source != SourceProperties || ms[0].URL != "https://example.com/model.safetensors" || ms[0].Folder != "checkpoints" {
		t.Errorf("models = %+v, want model.safetensors from properties.models", ms)
	}
}

func TestParseMaps(t *testing.T) {
	m, err := ParseModelMap([]byte("a.safetensors:\n  url: https://x/a\n  folder: loras\n"))
	if err != nil || m["a.safetensors"].URL != "https://x/a" {
		t.Errorf("ParseModelMap = %v, %v", m, err)
	}
	for _, bad := range []string{"a: {folder: loras}", "a: {url: https://x, folder: ../up}", "[1, 2"} {
		if _, err := ParseModelMap([]byte(bad)); err == nil {
			t.Errorf("ParseModelMap(%q) should fail", bad)
		}
	}
	n, err := ParseNodeMap([]byte("MyNode: https://github.com/me/nodes@abcdef1\n"))
	if err != nil || n["MyNode"] != "https://github.com/me/nodes@abcdef1" {
		t.Errorf("ParseNodeMap = %v, %v", n, err)
	}
}

const packsUI = `{"nodes": [
 {"id": 1, "type": "KSampler", "mode": 0},
 {"id": 2, "type": "OnlyA", "mode": 0},
 {"id": 3, "type": "Shared", "mode": 0},
 {"id": 4, "type": "Claimed", "mode": 0},
 {"id": 5, "type": "Odd (third)", "mode": 0},
 {"id": 6, "type": "UserClass", "mode": 0},
 {"id": 7, "type": "Nope", "mode": 0},
 {"id": 8, "type": "RegistryNode", "mode": 0, "properties": {"cnr_id": "first-pack", "ver": "1.2.0"}},
 {"id": 9, "type": "GitNode", "mode": 0, "properties": {"aux_id": "someone/git-nodes", "ver": "0123456789abcdef0123456789abcdef01234567"}},
 {"id": 10, "type": "NewCoreNode", "mode": 0, "properties": {"cnr_id": "comfy-core", "ver": "0.3.70"}},
 {"id": 11, "type": "SaveImage", "mode": 0}
], "links": []}`

func TestResolvePacks(t *testing.T) {
	defs := defaultDefs(t)
	w, err := Parse([]byte(packsUI), defs, 0)
	if err != nil {
		t.Fatal(err)
	}
	lock, unresolved := ResolvePacks(w, coreDefs(t), smallCatalog(t), map[string]string{"UserClass": "https://github.com/me/mine@abcdef1"})
	got := map[string]facts.ComfyNodePack{}
	for _, p := range lock {
		got[p.Repo] = p
	}
	want := []facts.ComfyNodePack{
		{Repo: "https://github.com/a/first", Via: ViaCNRID, CNRID: "first-pack", Version: "1.2.0", Classes: []string{"OnlyA", "RegistryNode"}},
		{Repo: "https://github.com/b/second", Via: ViaPreemption, Commit: "1234567", Classes: []string{"Claimed", "Shared"}},
		{Repo: "https://github.com/c/third", Via: ViaPattern, Classes: []string{"Odd (third)"}},
		{Repo: "https://github.com/me/mine", Via: ViaUser, Commit: "abcdef1", Classes: []string{"UserClass"}},
		{Repo: "https://github.com/someone/git-nodes", Via: ViaAuxID, Commit: "0123456789abcdef0123456789abcdef01234567", Classes: []string{"GitNode"}},
	}
	if len(lock) != len(want) {
		t.Errorf("lock has %d packs: %+v", len(lock), lock)
	}
	for _, w := range want {
		g := got[w.Repo]
		if g.Via != w.Via || g.Commit != w.Commit || g.Version != w.Version || strings.Join(g.Classes, ",") != strings.Join(w.Classes, ",") {
			t.Errorf("%s = %+v, want %+v", w.Repo, g, w)
		}
	}
	// Shared is in two packs: second has more stars; the tie is reported.
	if note := got["https://github.com/b/second"].Note; !strings.Contains(note, "Shared: 50★, also in https://github.com/a/first (5★)") {
		t.Errorf("tie note = %q", note)
	}
	if len(unresolved) != 1 || unresolved[0].Class != "Nope" || unresolved[0].Nodes[0] != "7" {
		t.Errorf("unresolved = %+v, want Nope (node 7)", unresolved)
	}
}
