package comfycmd

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/testenv"
	"github.com/cogport/cogport/plan"
)

type result struct {
	code           int
	stdout, stderr string
}

// run runs `cogport comfy` the way the CLI does and prints an error as the
// root command would: "cogport: " and the message.
func run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	streams := &cmdutil.IO{In: strings.NewReader(stdin), Out: &out, Err: &errb, Home: t.TempDir(),
		Getenv: func(string) string { return "" }}
	cmd := NewCmd(streams, nil)
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.ExecuteContext(context.Background())
	if err != nil {
		errb.WriteString("cogport: " + err.Error() + "\n")
	}
	return result{code: cmdutil.Code(err), stdout: out.String(), stderr: errb.String()}
}

// workflow is testdata/txt2img.api.json with edit applied, written to a
// fresh file.
func workflow(t *testing.T, edit func(map[string]map[string]any)) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "txt2img.api.json"))
	if err != nil {
		t.Fatal(err)
	}
	var w map[string]map[string]any
	if err := json.Unmarshal(raw, &w); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(w)
	}
	b, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, t.TempDir(), "workflow.json", string(b))
}

func inputs(node map[string]any) map[string]any { return node["inputs"].(map[string]any) }

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWorkflowToPackage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pkg")
	r := run(t, "", workflow(t, nil), "-o", out, "--model", "acme/lighthouse")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"inputs   prompt, negative_prompt, width, height, batch_size, steps, cfg, sampler_name, scheduler, denoise, seed",
		"checkpoints/v1-5-pruned-emaonly.ckpt", "wrote " + out} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.stdout)
		}
	}
	predict := readFile(t, out, "predict.py")
	for _, want := range []string{`set_input(workflow, "6", "text", prompt)`, `set_input(workflow, "3", "seed", seed)`, "seed: Optional[int] = Input("} {
		if !strings.Contains(predict, want) {
			t.Errorf("predict.py lacks %q", want)
		}
	}
	var wf map[string]any
	if err := json.Unmarshal([]byte(readFile(t, out, "workflow.json")), &wf); err != nil || len(wf) != 7 {
		t.Errorf("workflow.json is not the 7-node API prompt: %v", err)
	}
	if !strings.Contains(readFile(t, out, "weights.json"), `"path": "checkpoints/v1-5-pruned-emaonly.ckpt"`) {
		t.Error("weights.json does not place the checkpoint in checkpoints/")
	}
	if !strings.Contains(readFile(t, out, "cog-safe-push-configs/default.yaml"), `model: "acme/lighthouse"`) {
		t.Error("--model is not the cog-safe-push model")
	}
	testenv.Referee(t, out)
}

func TestDryRunJSONPrintsThePlanAndWritesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pkg")
	r := run(t, "", workflow(t, nil), "-o", out, "--dry-run", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var plan struct {
		Recipe       string            `json:"recipe"`
		Inputs       []map[string]any  `json:"inputs"`
		Requirements []string          `json:"requirements"`
		BuildRun     []string          `json:"build_run"`
		Weights      map[string]any    `json:"weights"`
		Files        []string          `json:"files"`
		DryRun       bool              `json:"dry_run"`
		Vars         map[string]any    `json:"vars"`
		Tests        []json.RawMessage `json:"tests"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, r.stdout)
	}
	if plan.Recipe != "comfyui-workflow" || !plan.DryRun || len(plan.Inputs) != 11 || len(plan.BuildRun) < 2 || len(plan.Tests) != 1 {
		t.Errorf("plan: recipe %q dry_run %v, %d inputs, build.run %v, tests %d", plan.Recipe, plan.DryRun, len(plan.Inputs), plan.BuildRun, len(plan.Tests))
	}
	if !strings.Contains(strings.Join(plan.Files, " "), "workflow.json") {
		t.Errorf("files %v lack workflow.json", plan.Files)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("--dry-run wrote %s", out)
	}
}

// TestBadInputFailsWithOneLine: each failure is one line on stderr, a
// non-zero exit, and no output folder.
func TestBadInputFailsWithOneLine(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.json")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// A sparse 100 MB file: the limit must stop the read, not the disk.
	if err := os.Truncate(huge, 100<<20); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		file string
		want string
	}{
		{"not JSON", writeFile(t, dir, "notjson.json", "{\"3\": {\"class_type\": "), "not json"},
		{"not a workflow", writeFile(t, dir, "list.json", `[1, 2, 3]`), "neither a ui workflow"},
		{"broken link", workflow(t, func(w map[string]map[string]any) { inputs(w["8"])["samples"] = []any{"99", 0} }), "node 99, which does not exist"},
		{"cycle", workflow(t, func(w map[string]map[string]any) { inputs(w["4"])["ckpt_name"] = []any{"9", 0} }), "cycle"},
		{"unknown node", workflow(t, func(w map[string]map[string]any) { w["8"]["class_type"] = "NoSuchDecoder" }), `node class "nosuchdecoder"`},
		{"model leaves the folder", workflow(t, func(w map[string]map[string]any) { inputs(w["4"])["ckpt_name"] = "../../../etc/shadow" }), "leaves the models folder"},
		{"windows path", workflow(t, func(w map[string]map[string]any) { inputs(w["4"])["ckpt_name"] = `C:\models\sd15.safetensors` }), "leaves the models folder"},
		{"unknown model", workflow(t, func(w map[string]map[string]any) { inputs(w["4"])["ckpt_name"] = "my-private-finetune.safetensors" }), "--models file"},
		{"100 MB", huge, "too large"},
		{"missing file", filepath.Join(dir, "nope.json"), "no such file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "pkg")
			r := run(t, "", c.file, "-o", out)
			if r.code == 0 {
				t.Fatalf("exit 0, want a failure")
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if len(lines) != 1 || !strings.Contains(strings.ToLower(lines[0]), c.want) {
				t.Errorf("stderr should be one line mentioning %q, got:\n%s", c.want, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("a failure printed on stdout: %s", r.stdout)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("a failed run left %s behind", out)
			}
		})
	}
}

// TestMapsResolveWhatTheCatalogCannot: the user's model and node maps
// fill the gaps, and --allow-unresolved packages the workflow without them.
func TestMapsResolveWhatTheCatalogCannot(t *testing.T) {
	file := workflow(t, func(w map[string]map[string]any) {
		inputs(w["4"])["ckpt_name"] = "my-finetune.safetensors"
		w["8"]["class_type"] = "FancyDecoder"
	})
	dir := t.TempDir()
	models := writeFile(t, dir, "models.yaml", "my-finetune.safetensors:\n  url: https://example.com/my-finetune.safetensors\n  folder: checkpoints\n")
	nodes := writeFile(t, dir, "nodes.yaml", "FancyDecoder: https://github.com/acme/fancy-nodes@0123456789abcdef0123456789abcdef01234567\n")

	out := filepath.Join(t.TempDir(), "pkg")
	r := run(t, "", file, "-o", out, "--models", models, "--nodes", nodes, "-q")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(readFile(t, out, "weights.json"), "https://example.com/my-finetune.safetensors") {
		t.Error("the model map's URL is not downloaded")
	}
	if !strings.Contains(readFile(t, out, "cog.yaml"), "fetch -q --depth 1 https://github.com/acme/fancy-nodes 0123456789abcdef0123456789abcdef01234567") {
		t.Error("the node map's pack is not cloned at its commit")
	}
	testenv.Referee(t, out)

	out = filepath.Join(t.TempDir(), "pkg")
	r = run(t, "", file, "-o", out, "--allow-unresolved", "-q")
	if r.code != 0 {
		t.Fatalf("--allow-unresolved: exit %d: %s", r.code, r.stderr)
	}
	readme := readFile(t, out, "README.md")
	if !strings.Contains(readme, `unresolved model "my-finetune.safetensors"`) || !strings.Contains(readme, `unresolved node class "FancyDecoder"`) {
		t.Errorf("the README does not warn about what is missing:\n%s", readme)
	}
	testenv.Referee(t, out)
}

func TestExposeAndHide(t *testing.T) {
	r := run(t, "", workflow(t, nil), "--dry-run", "--json", "--expose", "9.filename_prefix", "--hide", "denoise", "--hide", "5.batch_size")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var plan struct {
		Inputs []struct{ Name string } `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, in := range plan.Inputs {
		names[in.Name] = true
	}
	if !names["filename_prefix"] || names["denoise"] || names["batch_size"] || !names["prompt"] {
		t.Errorf("inputs %v: want filename_prefix exposed, denoise and batch_size hidden", names)
	}
}

func TestWorkflowFromStdin(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "txt2img.api.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "pkg")
	if r := run(t, string(raw), "-", "-o", out, "-q"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(readFile(t, out, "cog.yaml"), "generated by cogport from workflow.json") {
		t.Error("a workflow from stdin is not named workflow.json")
	}
}

func TestExistingFolderNeedsForce(t *testing.T) {
	out := t.TempDir()
	writeFile(t, out, "notes.txt", "mine")
	file := workflow(t, nil)
	if r := run(t, "", file, "-o", out); r.code == 0 || !strings.Contains(r.stderr, "--force") {
		t.Fatalf("writing into a non-empty folder without --force: exit %d, %s", r.code, r.stderr)
	}
	if r := run(t, "", file, "-o", out, "--force", "-q"); r.code != 0 {
		t.Fatalf("--force: exit %d: %s", r.code, r.stderr)
	}
	if readFile(t, out, "notes.txt") != "mine" {
		t.Error("--force touched a file cogport does not generate")
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	file := workflow(t, nil)
	for _, args := range [][]string{
		{file, "--model", "Not Valid"},
		{file, "--expose", ""},
		{file, "--manager-dir", filepath.Join(t.TempDir(), "missing")},
		{},
	} {
		if r := run(t, "", args...); r.code != cmdutil.ExitUsage && len(args) > 0 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		} else if r.code == 0 {
			t.Errorf("%v: exit 0", args)
		}
	}
}

// TestHostileWorkflowStaysInert: node ids, titles, prompts and file names
// are a stranger's text; they reach the package only as literals.
func TestHostileWorkflowStaysInert(t *testing.T) {
	evil := "x\"\"\"; import os; os.system('id') #\n{{ .Model }}`$(id)`"
	file := workflow(t, func(w map[string]map[string]any) {
		inputs(w["6"])["text"] = evil
		w["6"]["_meta"] = map[string]any{"title": evil}
		inputs(w["9"])["filename_prefix"] = evil
	})
	out := filepath.Join(t.TempDir(), "pkg")
	if r := run(t, "", file, "-o", out, "-q", "--expose", "9.filename_prefix"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if strings.Contains(readFile(t, out, "predict.py"), "os.system('id') #\n") {
		t.Error("the prompt text escaped its string literal")
	}
	testenv.Referee(t, out)
}

// TestProvenancePlanRendersTheSamePackage: the plan the provenance keeps
// (Vars included, read back from JSON) renders the very files written, as
// `cogport template refresh` needs.
func TestProvenancePlanRendersTheSamePackage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pkg")
	if r := run(t, "", filepath.Join("testdata", "runtime", "workflow.json"), "-o", out, "-q"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var prov struct {
		Plan json.RawMessage `json:"plan"`
	}
	if err := json.Unmarshal([]byte(readFile(t, out, ".cogport/provenance.json")), &prov); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Decode(prov.Plan)
	if err != nil {
		t.Fatal(err)
	}
	r, err := generators.Load()
	if err != nil {
		t.Fatal(err)
	}
	files, err := r.Render(p)
	if err != nil {
		t.Fatalf("render the provenance's plan: %v", err)
	}
	for _, f := range files {
		if got := readFile(t, out, f.Path); got != string(f.Body) {
			t.Errorf("%s renders differently from the provenance's plan", f.Path)
		}
	}
}
