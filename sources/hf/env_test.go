package hf_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cogport/cogport/sources/hf"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestEndpointFromEnv(t *testing.T) {
	for _, tc := range []struct{ env, want string }{
		{"", "https://huggingface.co"},
		{"  ", "https://huggingface.co"},
		{"https://hub.example.com/", "https://hub.example.com"},
		{"http://localhost:8080//", "http://localhost:8080"},
	} {
		if got := hf.EndpointFromEnv(envOf(map[string]string{"HF_ENDPOINT": tc.env})); got != tc.want {
			t.Errorf("HF_ENDPOINT=%q: got %q, want %q", tc.env, got, tc.want)
		}
	}
}

func TestTokenFromEnvOrder(t *testing.T) {
	home := t.TempDir()
	defaultFile := filepath.Join(home, ".cache", "huggingface", "token")
	writeFile(t, defaultFile, "hf_default_file\n")
	custom := filepath.Join(t.TempDir(), "custom-token")
	writeFile(t, custom, "  hf_custom_path  \n")
	hfHome := t.TempDir()
	writeFile(t, filepath.Join(hfHome, "token"), "hf_hf_home")

	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"HF_TOKEN wins", map[string]string{"HF_TOKEN": " hf_a ", "HUGGING_FACE_HUB_TOKEN": "hf_b", "HF_TOKEN_PATH": custom}, "hf_a"},
		{"legacy variable next", map[string]string{"HUGGING_FACE_HUB_TOKEN": "hf_b", "HF_TOKEN_PATH": custom}, "hf_b"},
		{"HF_TOKEN_PATH file", map[string]string{"HF_TOKEN_PATH": custom, "HF_HOME": hfHome}, "hf_custom_path"},
		{"HF_HOME/token", map[string]string{"HF_HOME": hfHome}, "hf_hf_home"},
		{"default home file", map[string]string{}, "hf_default_file"},
		{"blank variables skipped", map[string]string{"HF_TOKEN": "  ", "HUGGING_FACE_HUB_TOKEN": ""}, "hf_default_file"},
		{"missing file is anonymous", map[string]string{"HF_TOKEN_PATH": filepath.Join(home, "nope")}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := hf.TokenFromEnv(envOf(tc.env), home); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTokenFromEnvTildePath(t *testing.T) {
	home := t.TempDir()
	writeFile(t, filepath.Join(home, "tok"), "hf_tilde")
	if got := hf.TokenFromEnv(envOf(map[string]string{"HF_TOKEN_PATH": "~/tok"}), home); got != "hf_tilde" {
		t.Errorf("got %q, want hf_tilde", got)
	}
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
