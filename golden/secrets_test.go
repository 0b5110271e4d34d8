package golden

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/internal/cli"
	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

const secretToken = "hf_tok_SECRET_5a9d7c1e3b"

// TestNoCommandLeaksTokens runs every command with tokens in the
// environment (and, for a gated model, on stdin) and looks for them in all
// output and in every file written.
func TestNoCommandLeaksTokens(t *testing.T) {
	m, err := hubtest.ModelFromDir("acme/tiny-chat", "5f0b02c75b57c5855da9ae460ce51323ea669d8a", filepath.Join("testdata", "hf-chat-llm", "input"))
	if err != nil {
		t.Fatal(err)
	}
	m.LibraryName, m.PipelineTag, m.Gated, m.Tokens = "transformers", "text-generation", "manual", []string{secretToken}
	hub := hubtest.NewServer(t, hubtest.WithModel(m))
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, ".cache", "huggingface"), 0o755)
	os.WriteFile(filepath.Join(home, ".cache", "huggingface", "token"), []byte(secretToken), 0o600)
	env := map[string]string{"HF_ENDPOINT": hub.URL, "HF_TOKEN": secretToken, "HUGGING_FACE_HUB_TOKEN": secretToken,
		"GITHUB_TOKEN": secretToken, "GH_TOKEN": secretToken}
	root := t.TempDir()
	gitRepo := gitFixture(t, filepath.Join("testdata", "github-argparse", "input"))
	comfyInput, _ := filepath.Abs(filepath.Join("testdata", "comfy-txt2img", "input", "txt2img.json"))
	pkg := filepath.Join(root, "hf")
	runs := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"hf from env", "", []string{"hf", "acme/tiny-chat", "-o", pkg}},
		{"hf from stdin", secretToken + "\n", []string{"hf", "acme/tiny-chat", "-o", filepath.Join(root, "hf2"), "--token-stdin"}},
		{"hf dry-run json", "", []string{"hf", "acme/tiny-chat", "--dry-run", "--json"}},
		{"comfy", "", []string{"comfy", comfyInput, "-o", filepath.Join(root, "comfy")}},
		{"github", "", []string{"github", "file://" + gitRepo, "-o", filepath.Join(root, "github")}},
		{"lint", "", []string{"lint", "--json", pkg}},
		{"template refresh", "", []string{"template", "refresh", pkg, "--force"}},
		{"recipes", "", []string{"recipes", "--json"}},
	}
	for _, r := range runs {
		var out, errb bytes.Buffer
		streams := &cmdutil.IO{In: strings.NewReader(r.stdin), Out: &out, Err: &errb, Home: home, Getenv: func(k string) string { return env[k] }}
		code := cli.RunWith(context.Background(), r.args, streams)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", r.name, code, errb.String())
		}
		if strings.Contains(out.String()+errb.String(), secretToken) {
			t.Errorf("%s printed the token", r.name)
		}
	}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(secretToken)) {
				t.Errorf("%s holds the token", p)
			}
		}
		return nil
	})
}

// gitFixture turns a golden input folder into a git repository to clone.
func gitFixture(t *testing.T, src string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is needed to build a repository to clone")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "."}, {"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}
