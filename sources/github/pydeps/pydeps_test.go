package pydeps

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
)

// brief renders a dependency compactly for assertions.
func brief(d facts.RepoDependency) string {
	s := d.Name
	if len(d.Extras) > 0 {
		s += "[" + strings.Join(d.Extras, ",") + "]"
	}
	s += d.Specifier
	if d.URL != "" {
		s += "@" + d.URL
	}
	if d.Marker != "" {
		s += ";" + d.Marker
	}
	if d.Pinned {
		s += " pinned"
	}
	if d.Group != "" {
		s += " (" + d.Group + ")"
	}
	return s
}

func briefs(deps []facts.RepoDependency) []string {
	var out []string
	for _, d := range deps {
		out = append(out, brief(d))
	}
	return out
}

func TestParseRequirement(t *testing.T) {
	cases := map[string]string{
		"torch==2.1.0":                                                "torch==2.1.0 pinned",
		"Pillow>=9, <11":                                              "pillow>=9,<11",
		"opencv_python.headless":                                      "opencv-python-headless",
		"transformers[torch] (>=4.30)":                                "transformers[torch]>=4.30",
		"numpy==1.*":                                                  "numpy==1.*",
		"xformers; sys_platform == 'linux'":                           "xformers;sys_platform == 'linux'",
		"torch==2.0.1+cu118":                                          "torch==2.0.1+cu118 pinned",
		"pkg @ git+https://github.com/o/pkg@abcdef1":                  "pkg@git+https://github.com/o/pkg@abcdef1 pinned",
		"git+https://github.com/openai/CLIP.git":                      "clip@git+https://github.com/openai/CLIP.git",
		"git+https://github.com/o/r@v1.0#egg=my_pkg":                  "my-pkg@git+https://github.com/o/r@v1.0#egg=my_pkg",
		"https://x.org/flash_attn-2.5.0-cp310-cp310-linux_x86_64.whl": "flash-attn@https://x.org/flash_attn-2.5.0-cp310-cp310-linux_x86_64.whl pinned",
	}
	for in, want := range cases {
		d, err := ParseRequirement(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if got := brief(d); got != want {
			t.Errorf("%q: got %q want %q", in, got, want)
		}
	}
	for _, bad := range []string{"", "==1.0", "torch >= ", "pkg[extra"} {
		if _, err := ParseRequirement(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

func TestRequirementsIncludes(t *testing.T) {
	files := map[string]string{
		"requirements.txt": "# main\n-r requirements/base.txt\n--extra-index-url https://download.pytorch.org/whl/cu118\n" +
			"torch==2.0.1 \\\n  --hash=sha256:abc\n-e .\n./local_pkg\n-e git+https://github.com/o/r@0123456789abcdef0123456789abcdef01234567#egg=r\n" +
			"-r ../outside.txt\n-r missing.txt\nnot a requirement!\n",
		"requirements/base.txt":        "numpy>=1.24  # comment\n-c constraints.txt\n-r ../requirements.txt\n",
		"requirements/constraints.txt": "numpy<2\n",
	}
	read := func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, fmt.Errorf("file does not exist")
	}
	r := &Result{}
	if err := (&RequirementsReader{Read: read}).Parse("requirements.txt", "", r); err != nil {
		t.Fatal(err)
	}
	want := []string{"numpy>=1.24", "numpy<2 (constraints)", "torch==2.0.1 pinned",
		"r@git+https://github.com/o/r@0123456789abcdef0123456789abcdef01234567#egg=r pinned"}
	if got := briefs(r.Deps); !reflect.DeepEqual(got, want) {
		t.Errorf("deps:\n got %q\nwant %q", got, want)
	}
	if r.Deps[0].From != "requirements/base.txt:1" || !r.Deps[3].Editable {
		t.Errorf("from %q editable %v", r.Deps[0].From, r.Deps[3].Editable)
	}
	if !reflect.DeepEqual(r.IndexURLs, []string{"--extra-index-url https://download.pytorch.org/whl/cu118"}) {
		t.Errorf("index urls: %q", r.IndexURLs)
	}
	joined := strings.Join(r.Warnings, "\n")
	for _, w := range []string{`local package "./local_pkg"`, `local package "."`, "outside the repository",
		`requirements.txt:10: cannot read included "missing.txt"`, `requirements.txt:11: cannot read version specifier`} {
		if !strings.Contains(joined, w) {
			t.Errorf("warnings lack %q:\n%s", w, joined)
		}
	}
	tf := Torch(r)
	if tf == nil || tf.Version != "2.0.1" || tf.CUDA != "11.8" {
		t.Errorf("torch facts: %+v", tf)
	}
}

func TestGroupOf(t *testing.T) {
	for in, want := range map[string]string{
		"requirements.txt": "", "requirements-dev.txt": "dev", "requirements_test.txt": "test",
		"requirements/base.txt": "", "requirements/docs.txt": "docs", "requirements-gpu.txt": "gpu",
		"requirements/development.txt": "dev",
	} {
		if got := GroupOf(in); got != want {
			t.Errorf("GroupOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPyprojectPEP621AndPoetry(t *testing.T) {
	src := `
[build-system]
requires = ["setuptools>=61", 'wheel']

[project]
name = "demo"
requires-python = ">=3.9,<3.12"  # trailing comment
dependencies = [
    "torch>=2.0",   # a comment inside
    "diffusers==0.27.2",
]
dynamic = ["version"]

[project.optional-dependencies]
dev = ["pytest"]

[tool.poetry.dependencies]
python = "^3.10"
numpy = "^1.24"
scipy = {version = "~1.11.2", optional = true}
clip = {git = "https://github.com/openai/CLIP.git", rev = "a1d0717"}
exact = "2.0.0"

[tool.poetry.group.test.dependencies]
pytest = "*"

[[tool.mypy.overrides]]
module = "x.*"
ignore_missing_imports = true
`
	r := Pyproject("pyproject.toml", []byte(src))
	if len(r.Warnings) > 0 {
		t.Fatalf("warnings: %q", r.Warnings)
	}
	want := []string{"torch>=2.0", "diffusers==0.27.2 pinned", "pytest (optional:dev)",
		"setuptools>=61 (build)", "wheel (build)",
		"clip@git+https://github.com/openai/CLIP.git@a1d0717 pinned", "exact==2.0.0 pinned",
		"numpy>=1.24,<2", "scipy>=1.11.2,<1.12", "pytest (test)"}
	if got := briefs(r.Deps); !reflect.DeepEqual(got, want) {
		t.Errorf("deps:\n got %q\nwant %q", got, want)
	}
	wantPy := []facts.RepoVersionHint{{Spec: ">=3.9,<3.12", From: "pyproject.toml [project] requires-python"},
		{Spec: "^3.10", From: "pyproject.toml [tool.poetry.dependencies] python"}}
	if !reflect.DeepEqual(r.Python, wantPy) {
		t.Errorf("python: %+v", r.Python)
	}
	if v, ok := ChoosePython(r.Python); v != "3.11" || !ok {
		t.Errorf("ChoosePython = %s, %v; want 3.11", v, ok)
	}
}

func TestPyprojectBadTOML(t *testing.T) {
	for _, src := range []string{"[project\nname='x'", "a = ", "a = 'x\n", "a = [1, 2", "x = {a = 1", `a = "\q"`} {
		r := Pyproject("pyproject.toml", []byte(src))
		if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "cannot read TOML") {
			t.Errorf("%q: warnings %q", src, r.Warnings)
		}
	}
	doc, err := parseTOML("s = \"\"\"\nmulti \\\n   line\"\"\"\nl = '''raw\\n'''\n\"quoted.key\" = 1_000\nd = 1979-05-27\n")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"s": "multi line", "l": `raw\n`, "quoted.key": int64(1000), "d": "1979-05-27"}
	if !reflect.DeepEqual(doc, want) {
		t.Errorf("toml: %#v", doc)
	}
}

func TestSetupPyAndCfg(t *testing.T) {
	py := `from setuptools import setup, find_packages
REQUIRED = ["einops", "torch>=1.13"]
setup(
    name="demo",
    python_requires=">=3.8",
    install_requires=REQUIRED,
    extras_require={"train": ["wandb"], "x": compute()},
)
`
	r := SetupPy("setup.py", []byte(py))
	want := []string{"einops", "torch>=1.13", "wandb (optional:train)"}
	if got := briefs(r.Deps); !reflect.DeepEqual(got, want) {
		t.Errorf("deps %q", got)
	}
	if len(r.Python) != 1 || r.Python[0].Spec != ">=3.8" || r.Python[0].From != "setup.py:3 python_requires" {
		t.Errorf("python %+v", r.Python)
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "extras_require[x] is computed") {
		t.Errorf("warnings %q", r.Warnings)
	}
	r = SetupPy("setup.py", []byte("import setuptools\nsetuptools.setup(install_requires=open('requirements.txt').read().splitlines())\n"))
	if !reflect.DeepEqual(r.Files, []string{"requirements.txt"}) {
		t.Errorf("files %q warnings %q", r.Files, r.Warnings)
	}
	cfg := "[metadata]\nname = x\n[options]\npython_requires = >=3.10\ninstall_requires =\n    numpy\n    pillow>=10  # imaging\n[options.extras_require]\ndev =\n    black\n"
	r = SetupCfg("setup.cfg", []byte(cfg))
	if got := briefs(r.Deps); !reflect.DeepEqual(got, []string{"numpy", "pillow>=10", "black (optional:dev)"}) {
		t.Errorf("cfg deps %q", got)
	}
	if len(r.Python) != 1 || r.Python[0].Spec != ">=3.10" {
		t.Errorf("cfg python %+v", r.Python)
	}
}

func TestEnvironmentYML(t *testing.T) {
	src := `name: demo
channels: [pytorch, nvidia, conda-forge]
dependencies:
  - python=3.10
  - pytorch::pytorch=2.1.0
  - pytorch-cuda=12.1
  - torchvision==0.16.0=py310_cu121
  - numpy>=1.24
  - ffmpeg
  - pip
  - pip:
      - diffusers==0.25.0
      - -r requirements.txt
      - --extra-index-url https://example.org/simple
`
	r := Environment("environment.yml", []byte(src))
	want := []string{"torch==2.1.0.*", "torchvision==0.16.0 pinned", "numpy>=1.24", "diffusers==0.25.0 pinned"}
	if got := briefs(r.Deps); !reflect.DeepEqual(got, want) {
		t.Errorf("deps:\n got %q\nwant %q", got, want)
	}
	if !r.Deps[0].Conda || r.Deps[3].Conda {
		t.Errorf("conda flags wrong: %+v", r.Deps)
	}
	if r.CondaCUDA != "12.1" || len(r.Python) != 1 || r.Python[0].Spec != "==3.10.*" {
		t.Errorf("cuda %q python %+v", r.CondaCUDA, r.Python)
	}
	if !reflect.DeepEqual(r.Files, []string{"requirements.txt"}) || len(r.IndexURLs) != 1 {
		t.Errorf("files %q index %q", r.Files, r.IndexURLs)
	}
	if tf := Torch(r); tf == nil || tf.CUDA != "12.1" || tf.Vision != "==0.16.0" {
		t.Errorf("torch %+v", tf)
	}
	if r := Environment("env.yml", []byte("dependencies: [")); len(r.Warnings) != 1 {
		t.Errorf("bad yaml warnings %q", r.Warnings)
	}
}

func TestAllows(t *testing.T) {
	cases := []struct {
		spec, minor string
		want        bool
	}{
		{">=3.8", "3.12", true}, {"<3.11", "3.11", false}, {"<3.11", "3.10", true},
		{"<=3.10.2", "3.10", true}, {">3.10", "3.10", true}, {">3.10.0", "3.11", true},
		{"==3.10.*", "3.10", true}, {"==3.10.*", "3.11", false}, {"~=3.9", "3.13", true},
		{"~=3.9.1", "3.10", false}, {"!=3.11.*", "3.11", false}, {"^3.10", "3.12", true},
		{"^3.10", "4.0", false}, {"3.10.4", "3.10", true}, {"3.10.4", "3.12", false},
		{">=3.9,<3.12", "3.12", false}, {"garbage", "3.12", true}, {"~3.11", "3.12", false},
	}
	for _, c := range cases {
		if got := Allows(c.spec, c.minor); got != c.want {
			t.Errorf("Allows(%q, %q) = %v, want %v", c.spec, c.minor, got, c.want)
		}
	}
	if v, ok := ChoosePython([]facts.RepoVersionHint{{Spec: "<3.9"}}); ok || v != "3.12" {
		t.Errorf("impossible constraint: %s %v", v, ok)
	}
	if got := PythonVersionFile(".python-version", []byte("# pinned\n3.10.13\n")); len(got) != 1 || got[0].Spec != "3.10.13" {
		t.Errorf(".python-version: %+v", got)
	}
}
