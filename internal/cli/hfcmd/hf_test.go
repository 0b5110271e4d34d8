package hfcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/testenv"
	"github.com/cogport/cogport/sources/hf"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

const (
	whisperID  = "openai/whisper-base"
	whisperSHA = "e37978b90ca9030d5170a9c07aada3e3b3b4eb5e"
	secret     = "hf_SECRETsecretSECRET0123456789"
)

// snapshot is a hand-written model folder from the golden cases.
func snapshot(t *testing.T, name string) string {
	return filepath.Join(testenv.RepoRoot(t), "golden", "testdata", name, "input")
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs `cogport hf` the way the CLI does, against env, with the Hub
// client's retry waits skipped.
func run(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	streams := &cmdutil.IO{In: strings.NewReader(stdin), Out: &out, Err: &errb, Home: t.TempDir(),
		Getenv: func(k string) string { return env[k] }}
	cmd := NewCmd(streams, func(ctx context.Context, o *Options) error {
		o.Hub = func(h *hf.Options) {
			h.Sleep = func(context.Context, time.Duration) error { return nil }
		}
		return Run(ctx, o)
	})
	cmd.SetArgs(append(args, "-q"))
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.ExecuteContext(context.Background())
	if err != nil {
		errb.WriteString("cogport: " + err.Error() + "\n")
	}
	return result{code: cmdutil.Code(err), stdout: out.String(), stderr: errb.String()}
}

// hubModel serves a golden snapshot as the Hub would, with the library and
// task the Hub computes for it.
func hubModel(t *testing.T, id, dir, library, task string) hubtest.Model {
	t.Helper()
	m, err := hubtest.ModelFromDir(id, whisperSHA, snapshot(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	m.LibraryName, m.PipelineTag = library, task
	return m
}

func whisperHub(t *testing.T, opts ...hubtest.Option) *hubtest.Server {
	m := hubModel(t, whisperID, "hf-whisper", "transformers", "automatic-speech-recognition")
	return hubtest.NewServer(t, append([]hubtest.Option{hubtest.WithModel(m)}, opts...)...)
}

func TestHubToPackageFetchesOnlyWhatTheRecipeNeeds(t *testing.T) {
	srv := whisperHub(t)
	out := filepath.Join(t.TempDir(), "pkg")
	r := run(t, map[string]string{"HF_ENDPOINT": srv.URL}, "", whisperID, "-o", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, req := range srv.Requests() {
		if strings.HasSuffix(req.Path, ".safetensors") || strings.HasSuffix(req.Path, ".h5") {
			t.Errorf("cogport downloaded a weight file: %s", req.Path)
		}
		if strings.Contains(req.Path, "/resolve/") && !strings.Contains(req.Path, "/resolve/"+whisperSHA+"/") {
			t.Errorf("a file was fetched unpinned: %s", req.Path)
		}
	}
	if !strings.Contains(r.stdout, "transformers-speech-recognition") {
		t.Errorf("summary does not name the recipe:\n%s", r.stdout)
	}
	testenv.Referee(t, out)
}

func TestDryRunJSONPrintsThePlanAndWritesNothing(t *testing.T) {
	srv := whisperHub(t)
	out := filepath.Join(t.TempDir(), "pkg")
	r := run(t, map[string]string{"HF_ENDPOINT": srv.URL}, "", whisperID, "-o", out, "--dry-run", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var plan map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, r.stdout)
	}
	for _, key := range []string{"recipe", "task", "library", "inputs", "requirements", "python_version", "cuda", "gpu", "weights", "warnings"} {
		if _, ok := plan[key]; !ok {
			t.Errorf("plan JSON lacks %q", key)
		}
	}
	w := plan["weights"].(map[string]any)
	for _, key := range []string{"files", "total_bytes", "strategy"} {
		if _, ok := w[key]; !ok {
			t.Errorf("plan weights lack %q", key)
		}
	}
	in := plan["inputs"].([]any)[0].(map[string]any)
	for _, key := range []string{"name", "type", "default", "description"} {
		if _, ok := in[key]; !ok {
			t.Errorf("plan inputs lack %q", key)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("--dry-run wrote %s", out)
	}
}

// TestBadInputFailsWithOneLine: each failure is one line on stderr, a
// non-zero exit, and no output folder.
func TestBadInputFailsWithOneLine(t *testing.T) {
	noWeights := t.TempDir()
	writeFile(t, noWeights, "README.md", "---\npipeline_tag: text-generation\nlibrary_name: transformers\n---\n# x\n")
	writeFile(t, noWeights, "config.json", `{"architectures":["LlamaForCausalLM"]}`)
	badCard := t.TempDir()
	writeFile(t, badCard, "README.md", "---\nlicense: [unclosed\n---\n# x\n")
	writeFile(t, badCard, "model.safetensors", "x")
	closed := hubtest.NewServer(t)
	closed.Close()
	cases := []struct {
		name string
		srv  *hubtest.Server
		args []string
		want string
	}{
		{"unknown repo", whisperHub(t), []string{"nobody/nothing"}, "not found"},
		{"gated without token", hubtest.NewServer(t, hubtest.WithModel(gatedChat(t))), []string{"acme/tiny-chat"}, "gated"},
		{"500 storm", whisperHub(t, hubtest.WithFaults(hubtest.InfoPath(whisperID, ""), storm(10)...)), []string{whisperID}, "500"},
		{"malformed JSON", whisperHub(t, hubtest.WithFaults(hubtest.InfoPath(whisperID, ""), hubtest.Fault{Body: "{not json"})), []string{whisperID}, "json"},
		{"network down", closed, []string{whisperID}, "connect"},
		{"no weights", nil, []string{noWeights}, "no model weights"},
		{"card not YAML", nil, []string{badCard}, "front matter"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{}
			if c.srv != nil {
				env["HF_ENDPOINT"] = c.srv.URL
			}
			out := filepath.Join(t.TempDir(), "pkg")
			r := run(t, env, "", append(c.args, "-o", out)...)
			if r.code == 0 {
				t.Fatalf("exit 0, want a failure")
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if len(lines) != 1 || !strings.Contains(strings.ToLower(lines[0]), c.want) {
				t.Errorf("stderr should be one line mentioning %q, got:\n%s", c.want, r.stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("a failed run left %s behind", out)
			}
		})
	}
}

func storm(n int) []hubtest.Fault {
	f := make([]hubtest.Fault, n)
	for i := range f {
		f[i] = hubtest.Fault{Status: http.StatusInternalServerError}
	}
	return f
}

func TestTokenFromStdinReachesTheHubAndNothingElse(t *testing.T) {
	gated := hubtest.NewServer(t, hubtest.WithModel(gatedChat(t)))
	out := filepath.Join(t.TempDir(), "pkg")
	r := run(t, map[string]string{"HF_ENDPOINT": gated.URL}, secret+"\n", "acme/tiny-chat", "-o", out, "--token-stdin")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, secret) {
		t.Error("the token was printed")
	}
	assertNoSecret(t, out)
	if !strings.Contains(readFile(t, out, "predict.py"), "hf_token: Optional[Secret]") {
		t.Error("a gated model's predictor takes no hf_token Secret")
	}
}

func gatedChat(t *testing.T) hubtest.Model {
	m := hubModel(t, "acme/tiny-chat", "hf-chat-llm", "transformers", "text-generation")
	m.Gated, m.Tokens = "manual", []string{secret}
	return m
}

func assertNoSecret(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds the token", p)
			}
		}
		return nil
	})
}

func TestExistingFolderNeedsForceAndKeepsUserFiles(t *testing.T) {
	out := t.TempDir()
	writeFile(t, out, "notes.txt", "mine")
	writeFile(t, out, "predict.py", "# my edit\n")
	r := run(t, nil, "", snapshot(t, "hf-minilm-local"), "-o", out)
	if r.code == 0 || !strings.Contains(r.stderr, "--force") {
		t.Fatalf("writing into a non-empty folder without --force: exit %d, %s", r.code, r.stderr)
	}
	if readFile(t, out, "predict.py") != "# my edit\n" {
		t.Fatal("a refused run changed predict.py")
	}
	if r := run(t, nil, "", snapshot(t, "hf-minilm-local"), "-o", out, "--force"); r.code != 0 {
		t.Fatalf("--force: exit %d: %s", r.code, r.stderr)
	}
	if readFile(t, out, "notes.txt") != "mine" {
		t.Error("--force touched a file cogport does not generate")
	}
	if readFile(t, out, "predict.py") == "# my edit\n" {
		t.Error("--force did not replace predict.py")
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"org/model", "--model", "Not Valid"},
		{"org/model", "--weights", "zip"},
		{"org/model", "--weights-url", "http://insecure"},
		{"org/model", "--engine", "tgi"},
		{"org/model", "--cog-api", "serve"},
	} {
		if r := run(t, nil, "", args...); r.code != cmdutil.ExitUsage {
			t.Errorf("%v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		}
	}
}

func writeFile(t *testing.T, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAdapterFetchesItsBaseModel: a LoRA repo names its base model; the
// command fetches the base's facts from the same Hub and the package loads
// the base and applies the adapter.
func TestAdapterFetchesItsBaseModel(t *testing.T) {
	lora, err := hubtest.ModelFromDir("sayakpaul/sd-model-finetuned-lora-t4", whisperSHA, filepath.Join(testenv.RepoRoot(t), "golden", "testdata", "hf-lora-sd14", "input"))
	if err != nil {
		t.Fatal(err)
	}
	lora.LibraryName, lora.PipelineTag = "diffusers", "text-to-image"
	lora.Tags = []string{"lora", "base_model:adapter:CompVis/stable-diffusion-v1-4"}
	base, err := hubtest.ModelFromDir("CompVis/stable-diffusion-v1-4", "133a221b8aa7292a167afc5127cb63fb5005638b", filepath.Join(testenv.RepoRoot(t), "golden", "testdata", "hf-lora-sd14", "base"))
	if err != nil {
		t.Fatal(err)
	}
	base.LibraryName, base.PipelineTag = "diffusers", "text-to-image"
	base.Config = map[string]any{"diffusers": map[string]any{"_class_name": "StableDiffusionPipeline"}}
	srv := hubtest.NewServer(t, hubtest.WithModel(lora), hubtest.WithModel(base))
	out := filepath.Join(t.TempDir(), "pkg")
	r := run(t, map[string]string{"HF_ENDPOINT": srv.URL}, "", "sayakpaul/sd-model-finetuned-lora-t4", "-o", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	predict := readFile(t, out, "predict.py")
	for _, want := range []string{"load_lora_weights", "lora_scale"} {
		if !strings.Contains(predict, want) {
			t.Errorf("predict.py lacks %q", want)
		}
	}
	if !strings.Contains(readFile(t, out, "weights.json"), "CompVis/stable-diffusion-v1-4") {
		t.Error("the weights do not come from the base model")
	}
	testenv.Referee(t, out)
}

// TestTimeoutBoundsAHungHub: a Hub that never answers cannot hang the
// command past --timeout.
func TestTimeoutBoundsAHungHub(t *testing.T) {
	srv := whisperHub(t, hubtest.WithFaults(hubtest.InfoPath(whisperID, ""), hubtest.Fault{Delay: time.Minute}))
	start := time.Now()
	r := run(t, map[string]string{"HF_ENDPOINT": srv.URL}, "", whisperID, "-o", filepath.Join(t.TempDir(), "pkg"), "--timeout", "500ms")
	if r.code == 0 {
		t.Fatal("a hung Hub gave exit 0")
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("the command took %s despite --timeout 500ms", elapsed)
	}
	if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); len(lines) != 1 {
		t.Errorf("want one line, got:\n%s", r.stderr)
	}
}
