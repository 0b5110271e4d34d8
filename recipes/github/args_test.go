package github

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/generators"
)

// everyKind is a script whose arguments take every command-line form.
func everyKind() *facts.Repo {
	r := repo()
	r.EntryPoints[0] = facts.RepoEntryPoint{Path: "tools/run.py", Kind: "argparse",
		Args: []facts.RepoScriptArg{
			{Flags: []string{"src"}, Dest: "src"},
			{Flags: []string{"words"}, Dest: "words", Nargs: "+"},
			{Flags: []string{"--no-color"}, Dest: "no_color", Action: "store_false"},
			{Flags: []string{"--tta"}, Dest: "tta", Action: "argparse.BooleanOptionalAction"},
			{Flags: []string{"-v"}, Dest: "v", Action: "count"},
			{Flags: []string{"--sizes"}, Dest: "sizes", Nargs: "*", Type: "int"},
			{Flags: []string{"--half"}, Dest: "half", Type: "bool"},
			{Flags: []string{"--fast"}, Dest: "fast", Action: "store_true"},
			{Flags: []string{"--ckpt"}, Dest: "ckpt", Default: "weights/a.pth"},
			{Flags: []string{"--config"}, Dest: "config", Required: true, Default: "configs/base.yaml"},
			{Flags: []string{"--device"}, Dest: "device", Default: "cpu"},
			{Flags: []string{"--save-to"}, Dest: "save_to", Default: "out.png"},
		},
		Inputs: []facts.RepoInput{
			{Name: "src", Type: "Path", Role: "input", Dest: "src", Required: true, Description: "Source"},
			{Name: "words", Type: "list[str]", Role: "input", Dest: "words", Required: true, Description: "Words"},
			{Name: "no_color", Type: "bool", Role: "input", Flag: "--no-color", Dest: "no_color", Default: true, Description: "Color"},
			{Name: "tta", Type: "bool", Role: "input", Flag: "--tta", Dest: "tta", Description: "Test-time augmentation"},
			{Name: "v", Type: "int", Role: "input", Flag: "-v", Dest: "v", Default: int64(0), Description: "Verbosity"},
			{Name: "sizes", Type: "list[int]", Role: "input", Flag: "--sizes", Dest: "sizes", Description: "Sizes"},
			{Name: "half", Type: "bool", Role: "input", Flag: "--half", Dest: "half", Description: "Half precision"},
			{Name: "fast", Type: "bool", Role: "input", Flag: "--fast", Dest: "fast", Description: "Fast"},
			{Name: "ckpt", Type: "Path", Role: "weights", Flag: "--ckpt", Dest: "ckpt", Description: "Checkpoint"},
			{Name: "config", Type: "str", Role: "config", Flag: "--config", Dest: "config", Required: true,
				Default: "configs/base.yaml", Description: "Config"},
			{Name: "device", Type: "str", Role: "runtime", Flag: "--device", Dest: "device", Default: "cpu", Description: "Device"},
			{Name: "save_to", Type: "Path", Role: "output", Flag: "--save-to", Dest: "save_to", Example: "out.png", Description: "Output"},
		}}
	r.Weights = []facts.RepoWeight{
		{URL: "https://example.com/files/b.pth", Kind: "direct", Dest: "weights/"},
		{URL: "https://example.com/files/c.zip", Kind: "direct"},
		{URL: "https://drive.google.com/file/d/x/view", Kind: "gdrive"},
		{URL: "https://huggingface.co/o/m/resolve/main/d.safetensors", Kind: "hf", Repo: "o/m", Revision: "main", Path: "d.safetensors"},
	}
	r.Files = append(r.Files, facts.RepoFile{Path: "tools/__init__.py"}, facts.RepoFile{Path: ".weights/keep"})
	return r
}

func TestEveryArgumentKindRenders(t *testing.T) {
	p := build(t, everyKind(), Options{})
	rend, err := generators.Load()
	if err != nil {
		t.Fatal(err)
	}
	files, err := rend.Render(p)
	if err != nil {
		t.Fatal(err)
	}
	var predict string
	for _, f := range files {
		if f.Path == "predict.py" {
			predict = string(f.Body)
		}
	}
	for _, want := range []string{
		`COMMAND = ["-m", "tools.run"]`,
		`args.append(str(src))`,
		`args += [str(v) for v in words]`,
		"if not no_color:\n            args.append(\"--no-color\")",
		`args.append("--tta" if tta else "--no-tta")`,
		`args += ["-v"] * v`,
		"if sizes is not None:\n            args += [\"--sizes\", *(str(v) for v in sizes)]",
		`args += ["--half", "True" if half else ""]`,
		"if fast:\n            args.append(\"--fast\")",
		`args += ["--config", "configs/base.yaml"]`,
		`args += ["--device", "cuda"]`,
		`args += ["--save-to", output]`,
		`output = os.path.join(out_dir, "out.png")`,
		"return one_file(output, out_dir)",
	} {
		if !strings.Contains(predict, want) {
			t.Errorf("predict.py lacks %q", want)
		}
	}
	if strings.Contains(predict, `"--ckpt"`) {
		t.Error("--ckpt's default names a download, yet predict.py passes it")
	}
	if p.Weights.Dir != ".cog-weights" || len(p.Weights.Files) != 2 || p.Weights.Files[0].Path != "weights/b.pth" ||
		p.Weights.Files[1].Path != "weights/d.safetensors" {
		t.Errorf("weights %+v", p.Weights)
	}
	for _, w := range []string{"c.zip (an archive", "Google Drive", "follow a branch"} {
		if !warned(p, w) {
			t.Errorf("no warning %q", w)
		}
	}
	checkPython(t, predict)
}

// checkPython runs black and Python's compiler on src when they are installed.
func checkPython(t *testing.T, src string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "predict.py")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if black, err := exec.LookPath("black"); err == nil {
		if out, err := exec.Command(black, "--check", "--diff", "-q", file).CombinedOutput(); err != nil {
			t.Errorf("black would reformat predict.py:\n%s", out)
		}
	}
	if py, err := exec.LookPath("python3"); err == nil {
		if out, err := exec.Command(py, "-m", "py_compile", file).CombinedOutput(); err != nil {
			t.Errorf("predict.py does not compile:\n%s", out)
		}
	}
}

func TestParseLock(t *testing.T) {
	poetry := "[[package]]\nname = \"Torch_Vision\"\nversion = \"0.20.1\"\n\n[package.dependencies]\nname = \"x\"\nversion = \"9\"\n\n[[package]]\nname = \"numpy\"\nversion = \"2.1.3\"\n"
	got := ParseLock("poetry.lock", []byte(poetry))
	if len(got) != 2 || got["torch-vision"] != "0.20.1" || got["numpy"] != "2.1.3" {
		t.Errorf("poetry.lock: %v", got)
	}
	pipfile := `{"default": {"Requests": {"version": "==2.32.3"}, "odd": {"version": "*"}}, "develop": {"pytest": {"version": "==8.0"}}}`
	got = ParseLock("Pipfile.lock", []byte(pipfile))
	if len(got) != 1 || got["requests"] != "2.32.3" {
		t.Errorf("Pipfile.lock: %v", got)
	}
	if got := ParseLock("Pipfile.lock", []byte("{not json")); len(got) != 0 {
		t.Errorf("broken lock: %v", got)
	}
}

func TestSatisfies(t *testing.T) {
	for _, c := range []struct {
		spec, v string
		want    bool
	}{
		{"", "1.0", true}, {">=1.24", "2.5.2", true}, {"<2", "2.0.0", false}, {">=1.7,<2", "1.13.1", true},
		{"~=2.1", "2.9.0", true}, {"~=2.1.0", "2.2.0", false}, {"==2.*", "2.8.0", true}, {"!=2.8.0", "2.8.0", false},
		{">2.1", "2.1.0rc1", false}, {"==2.1.0+cu118", "2.1.0", true},
	} {
		if got := satisfies(c.spec, c.v); got != c.want {
			t.Errorf("satisfies(%q, %q) = %v", c.spec, c.v, got)
		}
	}
	for v, want := range map[string]string{"2.12.0": "2.11.0", "1.7.1": "1.11.0", "2.3.9": "2.3.1", "0.4": "1.11.0"} {
		if got := nearestTorch(v); got != want {
			t.Errorf("nearestTorch(%s) = %s, want %s", v, got, want)
		}
	}
}
