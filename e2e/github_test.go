//go:build runtime

package e2e_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/e2e"
	"github.com/cogport/cogport/internal/cli"
	"github.com/cogport/cogport/internal/testenv"
)

// posterizeRepo is a small argparse repository: its README runs
// posterize.py, which posterizes a picture into --output and writes a
// caption beside it, and fails with a message on stderr for a bad --levels.
var posterizeRepo = map[string]string{
	"README.md": "# Tiny Posterizer\n\nPosterizes a picture into a few flat colours and writes a caption beside it.\n\n" +
		"## Install\n\n```bash\npip install -r requirements.txt\n```\n\n## Usage\n\n```bash\n" +
		"python posterize.py --input examples/photo.png --output results --levels 4 --mode color --caption \"my poster\"\n" +
		"```\n\nThe poster and its caption are written to `results/`.\n",
	"requirements.txt": "numpy\npillow\n",
	"posterize.py": `"""Posterize a picture and write a caption file beside it."""

import argparse
import os
import sys

import numpy as np
from PIL import Image, ImageOps


def main():
    parser = argparse.ArgumentParser(description="Posterize a picture.")
    parser.add_argument(
        "--input", "-i", type=str, required=True, help="Path to the input picture"
    )
    parser.add_argument(
        "--output",
        "-o",
        type=str,
        default="results",
        help="Folder to write the poster to",
    )
    parser.add_argument(
        "--levels", type=int, default=4, help="Colour levels per channel, from 2 to 8"
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="Resize factor applied before posterizing",
    )
    parser.add_argument(
        "--mode",
        type=str,
        default="color",
        choices=["color", "gray"],
        help="Colour mode",
    )
    parser.add_argument(
        "--caption", type=str, default="", help="Text written to caption.txt"
    )
    parser.add_argument(
        "--mirror", action="store_true", help="Mirror the picture left to right"
    )
    args = parser.parse_args()

    if not 2 <= args.levels <= 8:
        print(
            f"error: --levels must be between 2 and 8, got {args.levels}",
            file=sys.stderr,
        )
        sys.exit(2)
    image = Image.open(args.input).convert("RGB")
    if args.scale != 1.0:
        size = (
            max(1, round(image.width * args.scale)),
            max(1, round(image.height * args.scale)),
        )
        image = image.resize(size)
    if args.mode == "gray":
        image = ImageOps.grayscale(image).convert("RGB")
    if args.mirror:
        image = ImageOps.mirror(image)
    step = 256 // args.levels
    pixels = (np.asarray(image) // step) * step
    os.makedirs(args.output, exist_ok=True)
    Image.fromarray(pixels.astype(np.uint8)).save(
        os.path.join(args.output, "poster.png")
    )
    with open(os.path.join(args.output, "caption.txt"), "w") as f:
        f.write(f"{args.caption} ({args.levels} levels, {args.mode})\n")
    print(f"wrote {image.width}x{image.height} poster")


if __name__ == "__main__":
    main()
`,
}

// TestGitHubArgparse packages a repository built on the fly, fetched over
// file:// as from GitHub, installs its pinned requirements, serves it
// through cog and runs its script: the poster decodes at the size asked
// for with only the colour levels asked for, the caption carries the text
// and options, and the script's own failure comes back with its stderr.
func TestGitHubArgparse(t *testing.T) {
	requireTools(t)
	photo := gradientPNG(t, 40, 30)
	files := map[string]string{"examples/photo.png": string(photo)}
	for k, v := range posterizeRepo {
		files[k] = v
	}
	dir := packageGitHub(t, newBareRepo(t, files))
	r := install(t, dir)
	if r.pkg.GPU {
		t.Fatal("a repository without torch must build for CPU")
	}
	r.server = serve(t, r, nil, serveOptions{})
	picture := "data:image/png;base64," + base64.StdEncoding.EncodeToString(photo)
	calls := []call{
		{name: "defaults", input: map[string]any{"input_file": picture}, check: posterCheck(40, 30, 4, false, " (4 levels, color)")},
		{name: "every input", input: map[string]any{"input_file": picture, "levels": 2, "scale": 0.5, "mode": "gray",
			"caption": "hello poster", "mirror": true}, check: posterCheck(20, 15, 2, true, "hello poster (2 levels, gray)")},
		{name: "script fails", input: map[string]any{"input_file": picture, "levels": 9},
			wantErr: "posterize.py failed with exit status 2:\nerror: --levels must be between 2 and 8, got 9"},
		{name: "not a picture", input: map[string]any{"input_file": "data:image/png;base64," + base64.StdEncoding.EncodeToString([]byte("not a picture"))},
			wantErr: "PIL.UnidentifiedImageError: cannot identify image file"},
		{name: "bad choice", input: map[string]any{"input_file": picture, "mode": "sepia"}, wantErr: "mode"},
		{name: "missing file", input: map[string]any{}, wantErr: "input_file"},
	}
	for _, cl := range calls {
		t.Run(cl.name, func(t *testing.T) { r.call(t, cl) })
	}
}

// newBareRepo commits files to a new repository and returns the file://
// URL of a bare clone, which cogport fetches as it fetches GitHub.
func newBareRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	base := t.TempDir()
	work, bare := filepath.Join(base, "work"), filepath.Join(base, "posterizer.git")
	for name, content := range files {
		path := filepath.Join(work, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(dir string, args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_NOSYSTEM=1", "HOME="+base)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git(work, "init", "-q", "-b", "main")
	git(work, "add", "-A")
	git(work, "commit", "-q", "-m", "initial")
	git(base, "clone", "-q", "--bare", work, bare)
	return "file://" + filepath.ToSlash(bare)
}

// packageGitHub runs `cogport github URL -o DIR` and the referee.
func packageGitHub(t *testing.T, url string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "posterizer")
	args := []string{"github", url, "-o", dir, "--json"}
	var stdout, stderr bytes.Buffer
	if code := cli.Run(args, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("cogport %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	var plan struct {
		Recipe string `json:"recipe"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &plan); err != nil || plan.Recipe != "github-script" {
		t.Fatalf("cogport chose %q (%v), want github-script\n%s", plan.Recipe, err, stderr.String())
	}
	testenv.Referee(t, dir)
	return dir
}

// gradientPNG is a w×h picture whose every pixel differs, so that
// posterizing it visibly changes it.
func gradientPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x + y) * 3), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// posterCheck wants caption.txt holding caption and a w×h poster.png with
// only the given number of levels per channel (grey where gray is set),
// several of them used.
func posterCheck(w, h, levels int, gray bool, caption string) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, r *run, p e2e.Prediction) {
		t.Helper()
		files, err := e2e.Files(p.Output)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != 2 {
			t.Fatalf("want caption.txt and poster.png, got %d files: %s", len(files), clip(p.Output))
		}
		if got := strings.TrimSpace(string(files[0].Data)); got != strings.TrimSpace(caption) {
			t.Fatalf("caption %q, want %q", got, caption)
		}
		m, err := e2e.Inspect(r.venv, files[1])
		if err != nil {
			t.Fatal(err)
		}
		if m.Kind != "image" || m.Width != w || m.Height != h {
			t.Fatalf("got a %s of %dx%d, want an image of %dx%d", m.Kind, m.Width, m.Height, w, h)
		}
		img, err := png.Decode(bytes.NewReader(files[1].Data))
		if err != nil {
			t.Fatal(err)
		}
		step := uint32(256 / levels)
		seen := map[uint32]bool{}
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				r, g, b, _ := img.At(x, y).RGBA()
				for _, c := range []uint32{r >> 8, g >> 8, b >> 8} {
					if c%step != 0 {
						t.Fatalf("pixel (%d,%d) channel %d is not one of %d levels", x, y, c, levels)
					}
					seen[c] = true
				}
				if gray && (r != g || g != b) {
					t.Fatalf("pixel (%d,%d) is not grey", x, y)
				}
			}
		}
		if len(seen) < 2 {
			t.Fatalf("the poster is one flat colour: %v", seen)
		}
	}
}
