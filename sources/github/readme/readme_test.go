package readme

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

const sample = `# Super Resolution

[![badge](https://img.shields.io/badge/x.svg)](https://github.com/o/r/actions)

A model that **upscales** images by 4x, from [the paper](https://arxiv.org/abs/1234.5678).

## Install
` + "```bash" + `
sudo apt-get install -y ffmpeg libsm6
pip install -r requirements.txt
pip install basicsr==1.4.2 --extra-index-url https://download.pytorch.org/whl/cu118
` + "```" + `

## Weights
Download [the checkpoint](https://github.com/o/r/releases/download/v1.0/model.pth) or run:
` + "```" + `
wget https://huggingface.co/org/sr-model/resolve/main/net_g.pth -P weights/
huggingface-cli download org/other-model model.safetensors --local-dir ckpt
` + "```" + `

## Usage
Run ` + "`python demo.py --input img.png`" + ` or:
` + "```shell" + `
$ CUDA_VISIBLE_DEVICES=0 python3 -u scripts/inference.py \
    --input inputs/ --scale 4 \
    --output "results dir" > log.txt  # comment
accelerate launch --num_processes 1 sample.py --steps 20 && echo done
python -m pip install x
` + "```" + `

` + "```python" + `
model = Model.from_pretrained("org/sr-model")
` + "```" + `
<p><a href="https://huggingface.co/spaces/org/demo">demo</a></p>
`

func TestParseReadme(t *testing.T) {
	doc := Parse("README.md", []byte(sample))
	if doc.Readme.Title != "Super Resolution" {
		t.Errorf("title %q", doc.Readme.Title)
	}
	if doc.Readme.Summary != "A model that upscales images by 4x, from the paper." {
		t.Errorf("summary %q", doc.Readme.Summary)
	}
	if !reflect.DeepEqual(doc.Readme.AptPackages, []string{"ffmpeg", "libsm6"}) {
		t.Errorf("apt %q", doc.Readme.AptPackages)
	}
	var usage []string
	for _, c := range doc.Commands {
		if script, mod, args, ok := Usage(c); ok {
			usage = append(usage, strings.Join(append([]string{script + mod}, args...), " ")+"@"+c.Section+":"+itoa(c.Line))
		}
	}
	want := []string{"demo.py --input img.png@Usage:22", "scripts/inference.py --input inputs/ --scale 4 --output results dir@Usage:24",
		"sample.py --steps 20@Usage:27"}
	if !reflect.DeepEqual(usage, want) {
		t.Errorf("usage:\n got %q\nwant %q", usage, want)
	}
	var links []string
	for _, l := range doc.Links {
		links = append(links, l.URL)
	}
	wantLinks := []string{"https://github.com/o/r/actions", "https://arxiv.org/abs/1234.5678",
		"https://download.pytorch.org/whl/cu118", "https://github.com/o/r/releases/download/v1.0/model.pth",
		"https://huggingface.co/org/sr-model/resolve/main/net_g.pth", "https://huggingface.co/spaces/org/demo"}
	if !reflect.DeepEqual(links, wantLinks) {
		t.Errorf("links:\n got %q\nwant %q", links, wantLinks)
	}
	var downloads, hub, pip []string
	for _, c := range doc.Commands {
		if u, dest, ok := Download(c); ok {
			downloads = append(downloads, u+" -> "+dest)
		}
		if repo, files, ok := HubDownload(c); ok {
			hub = append(hub, repo+" "+strings.Join(files, ","))
		}
		reqs, files, opts := PipInstall(c)
		pip = append(pip, reqs...)
		pip = append(pip, files...)
		pip = append(pip, opts...)
	}
	if !reflect.DeepEqual(downloads, []string{"https://huggingface.co/org/sr-model/resolve/main/net_g.pth -> weights/net_g.pth"}) {
		t.Errorf("downloads %q", downloads)
	}
	if !reflect.DeepEqual(hub, []string{"org/other-model model.safetensors"}) {
		t.Errorf("hub %q", hub)
	}
	if !reflect.DeepEqual(pip, []string{"requirements.txt", "basicsr==1.4.2", "--extra-index-url https://download.pytorch.org/whl/cu118", "x"}) {
		t.Errorf("pip %q", pip)
	}
	if len(doc.Snippets) != 4 || doc.Snippets[3].Lang != "python" || doc.Snippets[3].Line != 32 {
		t.Errorf("snippets %+v", doc.Snippets)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestSplitShell(t *testing.T) {
	got := splitShell(`a 'b c' "d \"e\" $f" g\ h 2>/dev/null; x | y && z --in <path/to/in> < file.txt # c`)
	want := [][]string{{"a", "b c", `d "e" $f`, "g h"}, {"x"}, {"y"}, {"z", "--in", "<path/to/in>"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestTitleInsideHTML(t *testing.T) {
	src := "<p align=\"center\"><img src=\"logo.png\"></p>\n\n" +
		"## <div align=\"center\"><b><a href=\"README.md\">English</a> | <a href=\"README_CN.md\">简体中文</a></b></div>\n\n" +
		"<div align=\"center\">\n  \n## PhotoNet: Real Photos  [![Paper](https://img.shields.io/x.svg)](https://arxiv.org/abs/1)\n" +
		"[[Paper](https://arxiv.org/abs/1)] &emsp; [[Code](https://github.com/o/r)]\n</div>\n\n" +
		"[Blog] [Paper] [Demo]\n\nPhotoNet turns a few photos into new ones.\n\n## Usage\n"
	doc := Parse("README.md", []byte(src))
	if doc.Readme.Title != "PhotoNet: Real Photos" {
		t.Errorf("title %q", doc.Readme.Title)
	}
	if doc.Readme.Summary != "PhotoNet turns a few photos into new ones." {
		t.Errorf("summary %q", doc.Readme.Summary)
	}
}
