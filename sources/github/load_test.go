package github

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cogport/cogport/facts"
)

// load clones a test repository through the real go-git path and inspects it.
func load(t *testing.T, source string, opts Options) (*facts.Repo, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return Load(ctx, source, opts)
}

func mustLoad(t *testing.T, r *testRepo) *facts.Repo {
	t.Helper()
	repo, err := load(t, r.url(), Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return repo
}

func wantWarnings(t *testing.T, repo *facts.Repo, want ...string) {
	t.Helper()
	joined := strings.Join(repo.Warnings, "\n")
	for _, w := range want {
		if !strings.Contains(joined, w) {
			t.Errorf("warnings lack %q:\n%s", w, joined)
		}
	}
}

func depNames(deps []facts.RepoDependency) []string {
	var out []string
	for _, d := range deps {
		s := d.Name + d.Specifier
		if d.Group != "" {
			s += " (" + d.Group + ")"
		}
		out = append(out, s)
	}
	return out
}

func pkgNames(pkgs []facts.RepoSystemPackage) []string {
	var out []string
	for _, p := range pkgs {
		out = append(out, p.Name)
	}
	return out
}

func inputSummary(ins []facts.RepoInput) []string {
	var out []string
	for _, in := range ins {
		s := in.Name + ":" + in.Type
		if in.Default != nil {
			s += fmt.Sprintf("=%v", in.Default)
		}
		if in.Role != "input" {
			s += " (" + in.Role + ")"
		}
		if in.Example != "" {
			s += " e.g. " + in.Example
		}
		out = append(out, s)
	}
	return out
}

const argparseReadme = "# Colorizer\n\nColorizes black and white photos with a small GAN.\n\n" +
	"## Inference\n```bash\npip install -r requirements.txt\n" +
	"python inference.py --input examples/old.jpg --render_factor 30 --artistic\n```\n"

const argparseScript = `import argparse
import cv2
import torch
from colorizer.model import Colorizer  # a local package

def main():
    parser = argparse.ArgumentParser(description="Colorize a photo")
    parser.add_argument("--input", type=str, required=True, help="Path to the input image")
    parser.add_argument("--output_dir", type=str, default="out", help="Output folder")
    parser.add_argument("--render_factor", type=int, default=35, help="Render resolution factor")
    parser.add_argument("--artistic", action="store_true", help="Use the artistic model")
    parser.add_argument("--gpu", type=int, default=0, help="GPU id")
    args = parser.parse_args()

if __name__ == "__main__":
    main()
`

func TestLoadArgparseRepo(t *testing.T) {
	r := newTestRepo(t, map[string]string{
		"README.md":             argparseReadme,
		"requirements.txt":      "torch==2.1.0\ntorchvision==0.16.0\nopencv-python>=4.8\nsoundfile\n",
		"requirements-dev.txt":  "pytest\n-r requirements.txt\n",
		".python-version":       "3.10.12\n",
		"inference.py":          argparseScript,
		"train.py":              "import argparse\np = argparse.ArgumentParser()\np.add_argument('--lr', type=float, default=1e-4)\n",
		"colorizer/__init__.py": "",
		"colorizer/model.py":    "import torch.nn as nn\nimport ffmpeg\n",
		"examples/old.jpg":      "\xff\xd8 not really a jpeg",
	})
	repo := mustLoad(t, r)
	if repo.SHA != r.head() || repo.URL != r.url() || repo.Readme.Title != "Colorizer" {
		t.Errorf("identity: sha %s url %s title %q", repo.SHA, repo.URL, repo.Readme.Title)
	}
	if got := depNames(repo.Dependencies); !reflect.DeepEqual(got, []string{"torch==2.1.0", "torchvision==0.16.0",
		"opencv-python>=4.8", "soundfile", "pytest (dev)"}) {
		t.Errorf("dependencies %q", got)
	}
	if repo.Torch == nil || repo.Torch.Version != "2.1.0" || repo.Torch.Vision != "==0.16.0" {
		t.Errorf("torch %+v", repo.Torch)
	}
	if len(repo.Python) != 1 || repo.Python[0].Spec != "3.10.12" {
		t.Errorf("python %+v", repo.Python)
	}
	if got := pkgNames(repo.SystemPackages); !reflect.DeepEqual(got, []string{"libgl1", "libglib2.0-0", "ffmpeg", "libsndfile1"}) {
		t.Errorf("system packages %q", got)
	}
	if !reflect.DeepEqual(repo.Imports, []string{"cv2", "ffmpeg", "torch"}) {
		t.Errorf("imports %q", repo.Imports)
	}
	if len(repo.EntryPoints) != 2 {
		t.Fatalf("entry points: %+v", repo.EntryPoints)
	}
	top := repo.EntryPoints[0]
	if top.Path != "inference.py" || top.Kind != "argparse" || top.Usage == nil || top.Usage.From != "README.md:8" {
		t.Errorf("top entry point %s %s usage %+v (reasons %q)", top.Path, top.Kind, top.Usage, top.Reasons)
	}
	want := []string{"input_file:Path e.g. examples/old.jpg", "output_dir:Path (output)",
		"render_factor:int=35 e.g. 30", "artistic:bool=false e.g. true", "gpu:int=0 (runtime)"}
	if got := inputSummary(top.Inputs); !reflect.DeepEqual(got, want) {
		t.Errorf("inputs:\n got %q\nwant %q", got, want)
	}
	if repo.EntryPoints[1].Path != "train.py" || repo.EntryPoints[1].Score >= top.Score {
		t.Errorf("train.py ranked %d vs %d", repo.EntryPoints[1].Score, top.Score)
	}
	if len(repo.Usage) != 1 || repo.Usage[0].Script != "inference.py" {
		t.Errorf("usage %+v", repo.Usage)
	}
	wantWarnings(t, repo, "inference.py:8: --input: a file argument", "inference.py:9: --output_dir: an output location")
}

func TestLoadGradioRepo(t *testing.T) {
	r := newTestRepo(t, map[string]string{
		"app.py": `import gradio as gr
from diffusers import StableDiffusionPipeline

pipe = StableDiffusionPipeline.from_pretrained("runwayml/stable-diffusion-v1-5", revision="fp16")

def infer(prompt, steps, guidance):
    return pipe(prompt, num_inference_steps=steps, guidance_scale=guidance).images[0]

gr.Interface(infer, [gr.Textbox(label="Prompt"), gr.Slider(1, 100, value=30, step=1, label="Steps"),
                     gr.Slider(0.0, 15.0, value=7.5, label="Guidance")], gr.Image()).launch()
`,
		"requirements.txt": "diffusers\ngradio==4.44.0\ntransformers\n",
	})
	repo := mustLoad(t, r)
	if len(repo.EntryPoints) != 1 || repo.EntryPoints[0].Kind != "gradio" || repo.EntryPoints[0].Func != "infer" {
		t.Fatalf("entry points %+v", repo.EntryPoints)
	}
	want := []string{"prompt:str", "steps:int=30", "guidance:float=7.5"}
	if got := inputSummary(repo.EntryPoints[0].Inputs); !reflect.DeepEqual(got, want) {
		t.Errorf("inputs %q", got)
	}
	g := repo.EntryPoints[0].Inputs[2]
	if *g.Ge != 0 || *g.Le != 15 || g.Description != "Guidance" {
		t.Errorf("guidance bounds %v..%v %q", *g.Ge, *g.Le, g.Description)
	}
	wantRef := facts.RepoHubRef{Repo: "runwayml/stable-diffusion-v1-5", Revision: "fp16", Kind: "model", Via: "from_pretrained", From: "app.py:4"}
	if len(repo.HubRefs) != 1 || repo.HubRefs[0] != wantRef {
		t.Errorf("hub refs %+v", repo.HubRefs)
	}
	if repo.Torch != nil {
		t.Errorf("torch %+v from no torch requirement", repo.Torch)
	}
}

func TestLoadExistingCog(t *testing.T) {
	r := newTestRepo(t, map[string]string{
		"cog.yaml": "build:\n  gpu: true\n  python_version: 3.10\n  cuda: \"11.8\"\n  system_packages: [ffmpeg]\n" +
			"  python_packages:\n    - torch==2.0.1\npredict: \"predict.py:Predictor\"\n",
		"predict.py": "from cog import BasePredictor, Input, Path\n\nclass Predictor(BasePredictor):\n    def predict(self, x: str = Input(description='x')) -> str:\n        return x\n",
	})
	repo := mustLoad(t, r)
	c := repo.Cog
	if c == nil || c.Config != "cog.yaml" || c.Predict != "predict.py:Predictor" || !c.GPU || c.CUDA != "11.8" ||
		c.PythonVersion != "3.10" || !reflect.DeepEqual(c.Predictors, []string{"predict.py"}) ||
		!reflect.DeepEqual(c.PythonPackages, []string{"torch==2.0.1"}) {
		t.Fatalf("cog files %+v", c)
	}
	if len(repo.Python) != 1 || repo.Python[0].From != "cog.yaml build.python_version" {
		t.Errorf("python %+v", repo.Python)
	}
	wantWarnings(t, repo, "python_packages is deprecated", "reads it as 3.1; taken as 3.10")
}

func TestLoadPyprojectOnly(t *testing.T) {
	r := newTestRepo(t, map[string]string{
		"pyproject.toml": "[project]\nname = \"tinytts\"\nrequires-python = \">=3.11\"\n" +
			"dependencies = [\"torch>=2.2\", \"librosa==0.10.1\", \"phonemizer\"]\n\n" +
			"[project.optional-dependencies]\ndev = [\"ruff\"]\n\n[project.scripts]\ntinytts = \"tinytts.cli:main\"\n",
		"src/tinytts/__init__.py": "",
		"src/tinytts/cli.py":      "import click\n\n@click.command()\n@click.option('--text', required=True, help='Text to speak')\n@click.option('--speed', type=float, default=1.0, help='Speed')\ndef main(text, speed):\n    pass\n",
	})
	repo := mustLoad(t, r)
	if got := depNames(repo.Dependencies); !reflect.DeepEqual(got, []string{"torch>=2.2", "librosa==0.10.1", "phonemizer", "ruff (optional:dev)"}) {
		t.Errorf("deps %q", got)
	}
	if len(repo.Python) != 1 || repo.Python[0].Spec != ">=3.11" {
		t.Errorf("python %+v", repo.Python)
	}
	if repo.Torch == nil || repo.Torch.Specifier != ">=2.2" || repo.Torch.Version != "" {
		t.Errorf("torch %+v", repo.Torch)
	}
	if got := pkgNames(repo.SystemPackages); !reflect.DeepEqual(got, []string{"libsndfile1", "ffmpeg", "espeak-ng"}) {
		t.Errorf("system packages %q", got)
	}
	if len(repo.EntryPoints) != 1 || repo.EntryPoints[0].Kind != "click" || repo.EntryPoints[0].Path != "src/tinytts/cli.py" {
		t.Fatalf("entry points %+v", repo.EntryPoints)
	}
	if got := inputSummary(repo.EntryPoints[0].Inputs); !reflect.DeepEqual(got, []string{"text:str", "speed:float=1"}) {
		t.Errorf("inputs %q", got)
	}
}

func TestLoadCheckpointLinks(t *testing.T) {
	r := newTestRepo(t, map[string]string{
		"README.md": "# Matting\n\nDownload [the weights](https://github.com/acme/matting/releases/download/v1.0/matte.pth) " +
			"or the [Hub copy](https://huggingface.co/acme/matting/blob/main/matte.safetensors).\n\n" +
			"```bash\nwget https://huggingface.co/acme/matting/resolve/0123abc/refiner.ckpt -O checkpoints/refiner.ckpt\n" +
			"gdown https://drive.google.com/uc?id=1AbC\n```\n\nSee https://huggingface.co/spaces/acme/matting-demo.\n",
		"model.py": "from transformers import AutoModel\nfrom huggingface_hub import hf_hub_download\n" +
			"ENCODER = \"facebook/dinov2-small\"\nenc = AutoModel.from_pretrained(ENCODER)\n" +
			"path = hf_hub_download(repo_id=\"acme/matting\", filename=\"matte.safetensors\")\n" +
			"local = AutoModel.from_pretrained(\"./checkpoints/local\")\nother = AutoModel.from_pretrained(args.model)\n" +
			"URL = \"https://download.example.org/models/backbone_v2.pth\"\n",
		"checkpoints/local/config.json": "{}",
	})
	repo := mustLoad(t, r)
	var weights []string
	for _, w := range repo.Weights {
		weights = append(weights, fmt.Sprintf("%s %s %s->%s @%s", w.Kind, w.Repo, w.Path, w.Dest, w.From))
	}
	wantW := []string{
		"github-release  matte.pth-> @README.md:3",
		"hf acme/matting matte.safetensors-> @README.md:3",
		"hf acme/matting refiner.ckpt->checkpoints/refiner.ckpt @README.md:6",
		"gdrive  -> @README.md:7",
		"direct  backbone_v2.pth-> @model.py:8",
	}
	if !reflect.DeepEqual(weights, wantW) {
		t.Errorf("weights:\n got %q\nwant %q", weights, wantW)
	}
	var refs []string
	for _, h := range repo.HubRefs {
		refs = append(refs, fmt.Sprintf("%s %s %s %s", h.Kind, h.Repo, h.Filename, h.Via))
	}
	wantR := []string{
		"model acme/matting matte.safetensors resolve-url", // the code's hf_hub_download of it is a duplicate
		"model acme/matting refiner.ckpt resolve-url",
		"space acme/matting-demo  link",
		"model facebook/dinov2-small  from_pretrained",
	}
	if !reflect.DeepEqual(refs, wantR) {
		t.Errorf("hub refs:\n got %q\nwant %q", refs, wantR)
	}
	wantWarnings(t, repo, "Google Drive link https://drive.google.com/uc?id=1AbC cannot be fetched reliably")
}

func TestLoadErrors(t *testing.T) {
	r := newTestRepo(t, map[string]string{"a.py": "print(1)\n"})
	big := newTestRepo(t, map[string]string{"weights.bin": strings.Repeat("0123456789", 300_000), "m.py": ""})
	many := map[string]string{}
	for i := 0; i < 40; i++ {
		many[fmt.Sprintf("f%02d.py", i)] = fmt.Sprint(i)
	}
	wide := newTestRepo(t, many)
	noPy := newTestRepo(t, map[string]string{"README.md": "# Just docs\n", "weights/model.pth": "x"})
	cases := []struct {
		name, source string
		opts         Options
		want         error
		text         string
	}{
		{"missing repo", "file://" + t.TempDir() + "/nope.git", Options{}, ErrNotFound, "nope.git"},
		{"bad ref", r.url() + "@no-such-branch", Options{}, ErrRefNotFound, `no branch or tag "no-such-branch"`},
		{"bad sha", r.url() + "@" + strings.Repeat("ab", 20), Options{}, ErrRefNotFound, strings.Repeat("ab", 20)},
		{"too big", big.url(), Options{MaxBytes: 1 << 20}, ErrTooLarge, "more than 1 MiB"},
		{"too many files", wide.url(), Options{MaxFiles: 20}, ErrTooLarge, "more than 20 files"},
		{"no python", noPy.url(), Options{}, ErrNoPython, "has no Python files"},
		{"invalid source", "not a source", Options{}, ErrInvalidSource, "want owner/repo"},
	}
	for _, c := range cases {
		_, err := load(t, c.source, c.opts)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.text) {
			t.Errorf("%s: got %v, want %v containing %q", c.name, err, c.want, c.text)
		}
	}
}

func TestLoadSubmodules(t *testing.T) {
	lib := newTestRepo(t, map[string]string{"lib.py": "x = 1\n"})
	r := newTestRepo(t, map[string]string{"main.py": "import lib\n"})
	r.git(r.work, "-c", "protocol.file.allow=always", "submodule", "add", "-q", lib.bare, "third_party/lib")
	r.commit(nil, "add submodule")
	r.push("main")
	repo := mustLoad(t, r)
	if len(repo.Submodules) != 1 || repo.Submodules[0].Path != "third_party/lib" || repo.Submodules[0].URL != lib.bare {
		t.Fatalf("submodules %+v", repo.Submodules)
	}
	if !repo.HasRepoFile("third_party/lib") || repo.HasRepoFile("third_party/lib/lib.py") {
		t.Errorf("files %+v", repo.Files)
	}
	wantWarnings(t, repo, "submodule third_party/lib ("+lib.bare+") is not fetched")
}

func TestLoadUnreadableArgparse(t *testing.T) {
	r := newTestRepo(t, map[string]string{
		"demo.py": "import argparse\nOPTS = ['a', 'b']\nparser = argparse.ArgumentParser()\n" +
			"for o in OPTS:\n    parser.add_argument('--' + o, type=int)\nparser.add_argument(*SHARED_FLAGS, **SHARED_KW)\n" +
			"parser.add_argument('--ok', type=int, default=3, help='fine')\nargs = parser.parse_args(\n",
	})
	repo := mustLoad(t, r)
	if len(repo.EntryPoints) != 1 {
		t.Fatalf("entry points %+v", repo.EntryPoints)
	}
	if got := inputSummary(repo.EntryPoints[0].Inputs); !reflect.DeepEqual(got, []string{"ok:int=3"}) {
		t.Errorf("inputs %q", got)
	}
	wantWarnings(t, repo, "demo.py:5: cannot read parser.add_argument('--' + o, type=int) statically",
		"demo.py:6: cannot read parser.add_argument(*SHARED_FLAGS, **SHARED_KW) statically")
}

func TestLoadConsoleScriptsAndDelegation(t *testing.T) {
	files := func(readme string) map[string]string {
		return map[string]string{
			"pyproject.toml":  "[project]\nname = \"vox\"\ndependencies = [\"torch\"]\nscripts.vox = \"vox.cli:main\"\n",
			"README.md":       readme,
			"vox/__init__.py": "",
			"vox/__main__.py": "from .cli import main\nmain()\n",
			"vox/cli.py": "import argparse\ndef main():\n    p = argparse.ArgumentParser()\n    p.add_argument('audio', help='Input audio file')\n" +
				"    p.add_argument('--steps', type=int, default=10, help='Steps')\n    p.parse_args()\n",
		}
	}
	cases := []struct{ name, readme, usage, example string }{
		// The console script of [project.scripts] runs vox.cli:main.
		{"console script", "# Vox\n\n```\nvox speech.wav --steps 3\npython -m black .\n```\n", "vox/cli.py|vox.cli|speech.wav --steps 3", "3"},
		// vox/__main__.py reads no arguments: it hands over to vox/cli.py.
		{"python -m", "# Vox\n\n```\npython -m vox a.wav --steps 4\n```\n", "vox/__main__.py|vox|a.wav --steps 4", "4"},
	}
	for _, c := range cases {
		repo := mustLoad(t, newTestRepo(t, files(c.readme)))
		var usage []string
		for _, u := range repo.Usage {
			usage = append(usage, u.Script+"|"+u.Module+"|"+strings.Join(u.Args, " "))
		}
		if !reflect.DeepEqual(usage, []string{c.usage}) {
			t.Errorf("%s: usage %q, want %q", c.name, usage, c.usage)
		}
		if len(repo.EntryPoints) != 1 || repo.EntryPoints[0].Path != "vox/cli.py" || repo.EntryPoints[0].Usage == nil {
			t.Fatalf("%s: entry points %+v", c.name, repo.EntryPoints)
		}
		ins := repo.EntryPoints[0].Inputs
		if len(ins) != 2 || ins[1].Name != "steps" || ins[1].Example != c.example || ins[0].Type != "Path" {
			t.Errorf("%s: inputs %q", c.name, inputSummary(ins))
		}
	}
}

func TestLoadInstallScriptAndHTMLTitle(t *testing.T) {
	r := newTestRepo(t, map[string]string{
		"README.md": "<img src=\"logo.png\">\n<h1 align=\"center\">Mesh Maker<br>from one image</h1>\n" +
			"<p align=\"center\"><a href=\"https://arxiv.org/abs/1\"><img src=\"badge.svg\"></a></p>\n\n" +
			"Mesh Maker turns a photo into a textured mesh.\n\n## Setup\n```\n. ./setup.sh\n```\n",
		"setup.sh": "#!/bin/bash\nset -e\npip install torch==2.1.0 torchvision==0.16.0 --index-url https://download.pytorch.org/whl/cu121\n" +
			"pip install trimesh 'xatlas>=0.0.9' \\\n  git+https://github.com/o/utils.git@9a4eb15e4021b67b12c460c7057d642626897ec8\n",
		"example.py": "import trimesh\n",
	})
	repo := mustLoad(t, r)
	if repo.Readme.Title != "Mesh Maker from one image" || repo.Readme.Summary != "Mesh Maker turns a photo into a textured mesh." {
		t.Errorf("title %q summary %q", repo.Readme.Title, repo.Readme.Summary)
	}
	want := []string{"torch==2.1.0 (script)", "torchvision==0.16.0 (script)", "trimesh (script)", "xatlas>=0.0.9 (script)", "utils (script)"}
	if got := depNames(repo.Dependencies); !reflect.DeepEqual(got, want) {
		t.Errorf("deps %q", got)
	}
	if repo.Torch == nil || repo.Torch.Version != "2.1.0" || repo.Torch.CUDA != "12.1" || repo.Torch.From != "setup.sh:3" {
		t.Errorf("torch %+v", repo.Torch)
	}
	if got := pkgNames(repo.SystemPackages); !reflect.DeepEqual(got, []string{"git"}) {
		t.Errorf("system packages %q", got)
	}
}
