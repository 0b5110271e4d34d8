package hf_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/hf"
)

const localCard = "\r\n---\r\npipeline_tag: text-generation\r\nlibrary_name: transformers\r\ntags: [chat, llama]\r\nbase_model: acme/base-7b\r\nwidget:\r\n- text: Hello there\r\n---\r\n# Local Chat\r\n\r\nA small chat model that answers questions about cheese.\r\n"

func TestLoadLocalFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "README.md"), localCard)
	config := `{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096}`
	tokenizer := `{"chat_template": "{{ messages }}", "eos_token": "</s>", "model_max_length": 4096}`
	adapter := `{"base_model_name_or_path": "acme/base-7b", "task_type": "CAUSAL_LM", "r": 8}`
	writeFile(t, filepath.Join(dir, "config.json"), config)
	writeFile(t, filepath.Join(dir, "tokenizer_config.json"), tokenizer)
	writeFile(t, filepath.Join(dir, "adapter_config.json"), adapter)
	writeFile(t, filepath.Join(dir, "sub", "weights.safetensors"), "0123456789")
	writeFile(t, filepath.Join(dir, ".git", "HEAD"), "ref: refs/heads/main")
	writeFile(t, filepath.Join(dir, ".cache", "huggingface", "download", "x.metadata"), "meta")
	outside := filepath.Join(t.TempDir(), "secret.txt")
	writeFile(t, outside, "do not list me")
	mustSymlink(t, outside, filepath.Join(dir, "escape.txt"))
	mustSymlink(t, filepath.Join(dir, "config.json"), filepath.Join(dir, "alias.json"))
	mustSymlink(t, filepath.Join(dir, "sub"), filepath.Join(dir, "subdir-link"))

	var needed []string
	m, err := hf.LoadLocal(dir, func(m *facts.Model) []string {
		needed = append(needed, m.PipelineTag)
		return []string{"config.json", "missing.json", "sub/weights.safetensors"}
	})
	if err != nil {
		t.Fatal(err)
	}
	gotFiles := map[string]int64{}
	for _, f := range m.Files {
		gotFiles[f.Path] = f.Size
	}
	wantFiles := map[string]int64{"README.md": int64(len(localCard)), "config.json": int64(len(config)),
		"tokenizer_config.json": int64(len(tokenizer)), "adapter_config.json": int64(len(adapter)),
		"sub/weights.safetensors": 10, "alias.json": int64(len(config))}
	if !reflect.DeepEqual(gotFiles, wantFiles) {
		t.Errorf("files:\n got %v\nwant %v", gotFiles, wantFiles)
	}
	if m.ID != "" || m.SHA != "" || m.Endpoint != "" || m.LocalDir != dir {
		t.Errorf("identity: %q %q %q %q", m.ID, m.SHA, m.Endpoint, m.LocalDir)
	}
	if m.PipelineTag != "text-generation" || m.LibraryName != "transformers" || !reflect.DeepEqual(needed, []string{"text-generation"}) {
		t.Errorf("task %q library %q needed %v", m.PipelineTag, m.LibraryName, needed)
	}
	wantTags := []string{"chat", "llama", "base_model:acme/base-7b", "base_model:adapter:acme/base-7b"}
	if !reflect.DeepEqual(m.Tags, wantTags) {
		t.Errorf("tags %v, want %v", m.Tags, wantTags)
	}
	if m.Card.Title != "Local Chat" || len(m.Widgets) != 1 || m.Widgets[0].Text != "Hello there" {
		t.Errorf("card %q widgets %+v", m.Card.Title, m.Widgets)
	}
	var cfg map[string]any
	if err := json.Unmarshal(m.Config, &cfg); err != nil {
		t.Fatal(err)
	}
	wantCfg := map[string]any{
		"architectures":    []any{"LlamaForCausalLM"},
		"model_type":       "llama",
		"tokenizer_config": map[string]any{"chat_template": "{{ messages }}", "eos_token": "</s>"},
		"peft":             map[string]any{"base_model_name_or_path": "acme/base-7b", "task_type": "CAUSAL_LM"},
	}
	if !reflect.DeepEqual(cfg, wantCfg) {
		t.Errorf("config:\n got %v\nwant %v", cfg, wantCfg)
	}
	if len(m.Configs) != 2 || string(m.Configs["sub/weights.safetensors"]) != "0123456789" {
		t.Errorf("configs: %v", m.Configs)
	}
}

func TestLoadLocalHFCacheSnapshot(t *testing.T) {
	cache := t.TempDir()
	sha := "e37978b90ca9030d5170a5c07aadb050351a65bb"
	repo := filepath.Join(cache, "models--acme--tiny-sd")
	snap := filepath.Join(repo, "snapshots", sha)
	lfsOid := strings.Repeat("a1", 32)
	gitOid := strings.Repeat("b2", 20)
	writeFile(t, filepath.Join(repo, "blobs", gitOid), `{"_class_name": "StableDiffusionPipeline", "_diffusers_version": "0.30.0"}`)
	writeFile(t, filepath.Join(repo, "blobs", lfsOid), "weights!")
	writeFile(t, filepath.Join(repo, "refs", "main"), sha+"\n")
	writeFile(t, filepath.Join(repo, "refs", "pr", "1"), "f"+sha[1:])
	if err := os.MkdirAll(filepath.Join(snap, "unet"), 0o755); err != nil {
		t.Fatal(err)
	}
	mustSymlink(t, filepath.Join("..", "..", "blobs", gitOid), filepath.Join(snap, "model_index.json"))
	mustSymlink(t, filepath.Join("..", "..", "..", "blobs", lfsOid), filepath.Join(snap, "unet", "diffusion_pytorch_model.safetensors"))

	m, err := hf.LoadLocal(snap, func(*facts.Model) []string { return []string{"model_index.json"} })
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "acme/tiny-sd" || m.SHA != sha || m.Revision != "main" {
		t.Errorf("identity from cache path: %q %q %q", m.ID, m.SHA, m.Revision)
	}
	want := []facts.File{
		{Path: "model_index.json", Size: 74, BlobID: gitOid},
		{Path: "unet/diffusion_pytorch_model.safetensors", Size: 8, SHA256: lfsOid, LFS: true},
	}
	if !reflect.DeepEqual(m.Files, want) {
		t.Errorf("files:\n got %+v\nwant %+v", m.Files, want)
	}
	if string(m.Config) != `{"diffusers":{"_class_name":"StableDiffusionPipeline"}}` {
		t.Errorf("config %s", m.Config)
	}
	if !strings.Contains(string(m.Configs["model_index.json"]), "StableDiffusionPipeline") {
		t.Errorf("configs %v", m.Configs)
	}
}

func TestLoadLocalErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := hf.LoadLocal(filepath.Join(dir, "nope"), nil); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing folder: %v", err)
	}
	file := filepath.Join(dir, "config.json")
	writeFile(t, file, "{}")
	if _, err := hf.LoadLocal(file, nil); err == nil || !strings.Contains(err.Error(), "not a model folder") {
		t.Errorf("file instead of folder: %v", err)
	}
	writeFile(t, filepath.Join(dir, "README.md"), "---\nlicense: mit\n  bad: indent\n---\nbody\n")
	if _, err := hf.LoadLocal(dir, nil); err == nil || !strings.Contains(err.Error(), "not valid yaml (line 3") {
		t.Errorf("broken card: %v", err)
	}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
}
