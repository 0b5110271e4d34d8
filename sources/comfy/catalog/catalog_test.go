package catalog

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// writeUpstream writes small ComfyUI-Manager and cog-comfyui files under
// their upstream names.
func writeUpstream(t *testing.T) (manager, cog string) {
	t.Helper()
	manager, cog = t.TempDir(), t.TempDir()
	files := map[string]string{
		filepath.Join(manager, "extension-node-map.json"): `{
			"https://github.com/comfyanonymous/ComfyUI": [["KSampler", "LoadImage"], {"title_aux": "ComfyUI"}],
			"https://github.com/a/first": [["KSampler", "Shared", "OnlyA"], {"title_aux": "First"}],
			"https://github.com/b/second": [["Shared", "Claimed"], {"title_aux": "Second", "preemptions": ["Claimed"]}],
			"https://github.com/c/third": [["Claimed"], {"title_aux": "Third", "nodename_pattern": " \\(third\\)$"}]
		}`,
		filepath.Join(manager, "github-stats.json"):     `{"https://github.com/a/first": {"stars": 5}, "https://github.com/b/second": {"stars": 50}}`,
		filepath.Join(manager, "custom-node-list.json"): `{"custom_nodes": [{"id": "first-pack", "reference": "https://github.com/a/first", "files": ["https://github.com/a/first"]}]}`,
		filepath.Join(manager, "model-list.json"): `{"models": [
			{"name": "x", "type": "lora", "base": "SDXL", "save_path": "default", "filename": "style.safetensors", "url": "https://example.com/style.safetensors", "size": "1MB"},
			{"name": "y", "type": "controlnet", "save_path": "controlnet/SDXL", "filename": "cn.safetensors", "url": "https://example.com/cn.safetensors"},
			{"name": "z", "type": "checkpoint", "save_path": "../escape", "filename": "bad.ckpt", "url": "https://example.com/bad.ckpt"},
			{"name": "r", "type": "LLM", "save_path": "LLM", "filename": "<huggingface>", "url": "org/repo"}]}`,
		filepath.Join(cog, "cog-comfyui__weights.json"): `{"UNET": ["flux1-dev.safetensors"], "VAE": ["ae.safetensors"], "BIREFNET": ["BiRefNet-general.pth"]}`,
		filepath.Join(cog, "weight_synonyms.json"):      `{"old.safetensors": "ae.safetensors"}`,
		filepath.Join(cog, "custom_nodes.json"):         `[{"repo": "https://github.com/a/first.git", "commit": "abc1234"}]`,
	}
	for path, body := range files {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return manager, cog
}

func testCatalog(t *testing.T) *Catalog {
	t.Helper()
	d, err := LoadDir(writeUpstream(t))
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLoadDirAndLookups(t *testing.T) {
	c := testCatalog(t)
	if !c.IsCore("KSampler") || c.IsCore("Shared") {
		t.Error("core comes from the comfyanonymous/ComfyUI entry only")
	}
	packs := c.PacksFor("Shared")
	if len(packs) != 2 || packs[0].URL != "https://github.com/a/first" || packs[1].Stars != 50 {
		t.Errorf("PacksFor(Shared) = %+v, want file order with stars", packs)
	}
	if p, ok := c.Preemption("Claimed"); !ok || p.URL != "https://github.com/b/second" {
		t.Errorf("Preemption(Claimed) = %+v", p)
	}
	if p, ok := c.PatternMatch("Thing (third)"); !ok || p.Title != "Third" {
		t.Errorf("PatternMatch = %+v, %v", p, ok)
	}
	if p, ok := c.PackByCNR("first-pack"); !ok || p.URL != "https://github.com/a/first" {
		t.Errorf("PackByCNR = %+v", p)
	}
	if got := c.Pin("https://github.com/A/First/"); got != "abc1234" {
		t.Errorf("Pin = %q: repo URLs compare case- and suffix-insensitively", got)
	}
}

func TestModelFolders(t *testing.T) {
	c := testCatalog(t)
	for file, want := range map[string]string{"style.safetensors": "loras", "cn.safetensors": "controlnet/SDXL", "bad.ckpt": "etc"} {
		ms := c.ModelsNamed(file)
		if len(ms) != 1 || ms[0].Folder() != want {
			t.Errorf("%s: %+v, want folder %s", file, ms, want)
		}
	}
	if ms := c.ModelsNamed("<huggingface>"); len(ms) != 1 || !ms[0].IsRepo() {
		t.Errorf("a whole-repo entry: %+v", ms)
	}
}

func TestCogWeights(t *testing.T) {
	c := testCatalog(t)
	for name, want := range map[string]CogWeight{
		"flux1-dev.safetensors": {"flux1-dev.safetensors", "UNET", CogWeightsBase + "/unet/flux1-dev.safetensors.tar", "diffusion_models"},
		"ae.sft":                {"ae.safetensors", "VAE", CogWeightsBase + "/vae/ae.safetensors.tar", "vae"},
		"old.safetensors":       {"ae.safetensors", "VAE", CogWeightsBase + "/vae/ae.safetensors.tar", "vae"},
		"BiRefNet-general.pth":  {"BiRefNet-general.pth", "BIREFNET", CogWeightsBase + "/BiRefNet/BiRefNet-general.pth.tar", "BiRefNet"},
	} {
		got := c.CogWeights(name)
		if len(got) != 1 || got[0] != want {
			t.Errorf("CogWeights(%s) = %+v, want %+v", name, got, want)
		}
	}
	if got := c.CogWeights("missing.safetensors"); len(got) != 0 {
		t.Errorf("missing: %+v", got)
	}
}

func TestBadPattern(t *testing.T) {
	_, err := New(Data{Packs: []Pack{{URL: "https://github.com/x/y", Pattern: "("}}})
	if err == nil {
		t.Error("a pattern that does not compile must fail")
	}
}

// TestEmbeddedUpToDate derives the catalog from the corpus files and
// compares it with the embedded copy: `go generate ./sources/comfy/...`
// fixes drift.
func TestEmbeddedUpToDate(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	corpus := filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "shared", "corpus", "comfy")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus not found at %s", corpus)
	}
	fresh, err := LoadDir(filepath.Join(corpus, "manager"), filepath.Join(corpus, "cog-comfyui"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range fresh.Packs {
		slices.Sort(fresh.Packs[i].Classes)
	}
	emb, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(fresh)
	b, _ := json.Marshal(emb.Data())
	if string(a) != string(b) {
		t.Error("catalog.json.gz is stale: run go generate ./sources/comfy/...")
	}
	d := emb.Data()
	t.Logf("embedded catalog: %d core classes, %d packs, %d models, %d weight types, %d pins, %d bytes gzipped",
		len(d.Core), len(d.Packs), len(d.Models), len(d.Weights), len(d.Pins), len(embedded))
	if len(d.Core) != 868 || len(d.Packs) < 5000 || len(d.Models) != 562 || len(d.Weights) != 44 || len(d.Pins) != 69 {
		t.Error("the counts do not match DESIGN §5.3")
	}
}
