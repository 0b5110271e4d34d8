package entry

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/github/pysrc"
)

func file(path, src string, existing ...string) File {
	return File{Path: path, Py: pysrc.Parse([]byte(src)), Exists: func(p string) bool {
		for _, e := range existing {
			if e == p {
				return true
			}
		}
		return false
	}}
}

// render prints an input compactly: name:type=default [choices] ge..le role {example} "description"(guessed)
func render(in facts.RepoInput) string {
	s := in.Name + ":" + in.Type
	if in.Default != nil {
		s += fmt.Sprintf("=%#v", in.Default)
	}
	if in.Required {
		s += " required"
	}
	if len(in.Choices) > 0 {
		s += fmt.Sprintf(" %v", in.Choices)
	}
	if in.Ge != nil || in.Le != nil {
		s += fmt.Sprintf(" %v..%v", deref(in.Ge), deref(in.Le))
	}
	if in.Role != "input" {
		s += " " + in.Role
	}
	if in.Example != "" {
		s += " {" + in.Example + "}"
	}
	if in.Flag != "" {
		s += " " + in.Flag
	}
	s += fmt.Sprintf(" %q", in.Description)
	if in.DescriptionGuessed {
		s += "(guessed)"
	}
	return s
}

func deref(f *float64) any {
	if f == nil {
		return "nil"
	}
	return *f
}

func renderAll(ins []facts.RepoInput) []string {
	var out []string
	for _, in := range ins {
		out = append(out, render(in))
	}
	return out
}

func expectWarnings(t *testing.T, warns []string, want ...string) {
	t.Helper()
	joined := strings.Join(warns, "\n")
	for _, w := range want {
		if !strings.Contains(joined, w) {
			t.Errorf("warnings lack %q:\n%s", w, joined)
		}
	}
}

const inferencePy = `import argparse
from pathlib import Path

MODELS = ["small", "large"]

def main():
    parser = argparse.ArgumentParser(description="Upscale an image.")
    parser.add_argument("-i", "--input", type=str, default="inputs/cat.png", help="Input image or folder")
    parser.add_argument("--output-dir", type=str, default="results", help="Where results go")
    parser.add_argument("--scale", type=int, default=4, choices=[2, 4], help="Upscale factor (default: %(default)s)")
    parser.add_argument("--model", default="small", choices=MODELS, help="Model size")
    parser.add_argument("--ckpt", type=str, default="weights/net.pth", help="Path to the checkpoint")
    parser.add_argument("--fp16", action="store_true", help="Half precision")
    parser.add_argument("--no-face", dest="face", action="store_false")
    parser.add_argument("--tile", type=int, default=0, help="Tile size, 0 for none")
    parser.add_argument("--strength", type=float, default=0.5, help="Blend strength")
    parser.add_argument("--device", default="cuda", help="cuda or cpu")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1], help="Seeds")
    parser.add_argument("--class", type=str, default="any", help="Class label")
    parser.add_argument("--config", default="configs/x.yaml", help="Config")
    parser.add_argument("prompt", help="What to draw")
    for name in ["a", "b"]:
        parser.add_argument(f"--{name}-weight", type=float)
    parser.add_argument("--extra", **common_kwargs)
    parser.set_defaults(tile=16)
    args = parser.parse_args()

if __name__ == "__main__":
    main()
`

func TestArgparseInputs(t *testing.T) {
	f := file("inference.py", inferencePy, "inputs/cat.png")
	eps, warns := Inspect(f)
	if len(eps) != 1 || eps[0].Kind != "argparse" || eps[0].Description != "Upscale an image." {
		t.Fatalf("entry points: %+v", eps)
	}
	ep := eps[0]
	want := []string{
		`input_file:Path {inputs/cat.png} --input "Input image or folder"`,
		`output_dir:Path output --output-dir "Where results go"`,
		`scale:int=4 [2 4] --scale "Upscale factor (default: 4)"`,
		`model:str="small" [small large] --model "Model size"`,
		`ckpt:Path weights --ckpt "Path to the checkpoint"`,
		`fp16:bool=false --fp16 "Half precision"`,
		`face:bool=true --no-face "Enable no face (the --no-face option of inference.py)."(guessed)`,
		`tile:int=16 --tile "Tile size, 0 for none"`,
		`strength:float=0.5 --strength "Blend strength"`,
		`device:str="cuda" runtime --device "cuda or cpu"`,
		`seeds:list[int]=[]interface {}{1} --seeds "Seeds"`,
		`class_:str="any" --class "Class label"`,
		`config:str="configs/x.yaml" config --config "Config"`,
		`prompt:str required "What to draw"`,
		`extra:str --extra "Value of extra (the --extra option of inference.py)."(guessed)`,
	}
	if got := renderAll(ep.Inputs); !reflect.DeepEqual(got, want) {
		t.Errorf("inputs:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	expectWarnings(t, warns,
		`inference.py:23: cannot read parser.add_argument(f"--{name}-weight", type=float) statically`,
		"inference.py:24: parser.add_argument(\"--extra\", **common_kwargs) unpacks arguments",
		"inference.py:9: --output-dir: an output location",
		"inference.py:12: --ckpt: a checkpoint",
		"inference.py:8: --input: a file argument",
		"--device: a runtime setting",
		"--seeds: nargs=+ mapped to list[int]",
		"--no-face: no help text; description generated")
	wantScore := 40 + 10 + 5 + 10 // name, arguments, main guard, input file
	if ep.Score != wantScore {
		t.Errorf("score %d (%q), want %d", ep.Score, ep.Reasons, wantScore)
	}
}

func TestClickInputs(t *testing.T) {
	src := `import click

@click.command()
@click.argument("image", type=click.Path(exists=True))
@click.option("--steps", "-s", type=click.IntRange(1, 50), default=20, help="Denoising steps")
@click.option("--sampler", type=click.Choice(["ddim", "euler"]), default="ddim", help="Sampler")
@click.option("--fp16/--no-fp16", default=True, help="Half precision")
@click.option("--tag", multiple=True, help="Tags")
def main(image, steps, sampler, fp16, tag):
    pass
`
	eps, _ := Inspect(file("sample.py", src))
	if len(eps) != 1 || eps[0].Kind != "click" {
		t.Fatalf("entry points %+v", eps)
	}
	want := []string{
		`image:Path required "Input file for image (the image option of sample.py)."(guessed)`,
		`steps:int=20 1..50 --steps "Denoising steps"`,
		`sampler:str="ddim" [ddim euler] --sampler "Sampler"`,
		`fp16:bool=true --fp16 "Half precision"`,
		`tag:list[str] --tag "Tags"`,
	}
	if got := renderAll(eps[0].Inputs); !reflect.DeepEqual(got, want) {
		t.Errorf("inputs:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

const gradioInterface = `import gradio as gr
from model import Pipeline

def generate(prompt, image, steps, guidance, scheduler, seed=42, upscale=False, state=None, n=1):
    return pipe(prompt, image, steps, guidance)

demo = gr.Interface(
    fn=generate,
    inputs=[
        gr.Textbox(label="Prompt", placeholder="a cat"),
        gr.Image(type="pil", label="Init image"),
        gr.Slider(1, 50, value=25, step=1, label="Steps"),
        gr.Slider(minimum=0.0, maximum=20, value=7.5, label="Guidance scale"),
        gr.Dropdown(["ddim", "euler", ("Euler A", "euler_a")], value="euler", label="Scheduler"),
        gr.Number(label="Seed", precision=0),
        gr.Checkbox(label="Upscale"),
        gr.State(),
        "number",
    ],
    outputs=[gr.Image(label="Result"), "text"],
    title="Text to image",
)
demo.launch()
`

func TestGradioInterface(t *testing.T) {
	eps, warns := Inspect(file("app.py", gradioInterface))
	if len(eps) != 1 || eps[0].Kind != "gradio" || eps[0].Func != "generate" || eps[0].Description != "Text to image" {
		t.Fatalf("entry points %+v", eps)
	}
	want := []string{
		`prompt:str required "Prompt"`,
		`image:Path required "Init image"`,
		`steps:int=25 1..50 "Steps"`,
		`guidance:float=7.5 0..20 "Guidance scale"`,
		`scheduler:str="euler" [ddim euler euler_a] "Scheduler"`,
		`seed:int=42 "Seed"`,
		`upscale:bool=false "Upscale"`,
		`n:float=1 "Number input \"n\" of the Gradio app."(guessed)`,
	}
	if got := renderAll(eps[0].Inputs); !reflect.DeepEqual(got, want) {
		t.Errorf("inputs:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	if !reflect.DeepEqual(eps[0].Outputs, []string{"Image", "Textbox"}) {
		t.Errorf("outputs %q", eps[0].Outputs)
	}
	expectWarnings(t, warns, "gr.State is app state")
}

func TestGradioBlocks(t *testing.T) {
	src := `import gradio as gr

with gr.Blocks(title="Restorer") as demo:
    with gr.Row():
        inp = gr.Image(type="filepath", label="Photo")
        fidelity = gr.Slider(0, 1, value=0.5, step=0.01, label="Fidelity")
        mode = gr.Radio(["fast", "best"], label="Mode")
    out = gr.Image(label="Restored")
    inp.change(fn=preview, inputs=inp, outputs=out)
    btn = gr.Button("Run")
    btn.click(restore, [inp, fidelity, mode, unknown_thing], out)

def restore(photo, fidelity_weight, mode="fast"):
    ...
`
	eps, warns := Inspect(file("webui.py", src))
	if len(eps) != 1 || eps[0].Func != "restore" {
		t.Fatalf("entry points %+v", eps)
	}
	want := []string{
		`photo:Path required "Photo"`,
		`fidelity_weight:float=0.5 0..1 "Fidelity"`,
		`mode:str="fast" [fast best] "Mode"`,
	}
	if got := renderAll(eps[0].Inputs); !reflect.DeepEqual(got, want) {
		t.Errorf("inputs:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	if !reflect.DeepEqual(eps[0].Outputs, []string{"Image"}) {
		t.Errorf("outputs %q", eps[0].Outputs)
	}
	expectWarnings(t, warns, `webui.py:11: cannot tell which component "unknown_thing" is`)
}

func TestSanitize(t *testing.T) {
	cases := map[[2]string]string{
		{"--num-steps", "int"}: "num_steps", {"2x", "int"}: "arg_2x", {"class", "str"}: "class_",
		{"input", "Path"}: "input_file", {"input", "str"}: "input_", {"numInferenceSteps", "int"}: "num_inference_steps",
		{"Guidance Scale (CFG)", "float"}: "guidance_scale_cfg", {"---", "str"}: "value", {"self", "str"}: "self_",
		{"Ünïcode name", "str"}: "n_code_name",
	}
	for in, want := range cases {
		if got := Sanitize(in[0], in[1]); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in[0], got, want)
		}
	}
	u := uniqueNames{}
	got := []string{u.take("a"), u.take("a"), u.take("a_2"), u.take("a")}
	if !reflect.DeepEqual(got, []string{"a", "a_2", "a_2_2", "a_3"}) {
		t.Errorf("unique: %q", got)
	}
}

func TestRankUsesUsage(t *testing.T) {
	files := map[string]string{
		"train.py":                "import argparse\np = argparse.ArgumentParser()\np.add_argument('--lr', type=float)\n",
		"scripts/sample_image.py": "import argparse\np = argparse.ArgumentParser()\np.add_argument('--prompt')\np.add_argument('--steps', type=int)\np.add_argument('--fast', action='store_true')\n",
		"tests/test_infer.py":     "import argparse\np = argparse.ArgumentParser()\np.add_argument('--x')\n",
	}
	var eps []facts.RepoEntryPoint
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		e, _ := Inspect(file(p, files[p]))
		eps = append(eps, e...)
	}
	usage := []facts.RepoUsage{
		{Script: "scripts/sample_image.py", Args: []string{"--prompt", "a red fox", "--steps=30", "--fast"}, From: "README.md:12"},
		{Script: "demo.py", From: "README.md:20"},
		{Script: "missing.py", From: "run.sh:1"},
	}
	exists := func(p string) bool { return p != "missing.py" }
	ranked := Rank(eps, usage, exists)
	var order []string
	for _, ep := range ranked {
		order = append(order, fmt.Sprintf("%s:%d", ep.Path, ep.Score))
	}
	want := []string{"scripts/sample_image.py:155", "demo.py:139", "train.py:-30", "tests/test_infer.py:-80"}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("order %q, want %q", order, want)
	}
	top := ranked[0]
	if top.Usage == nil || top.Usage.From != "README.md:12" {
		t.Fatalf("usage not attached: %+v", top.Usage)
	}
	var ex []string
	for _, in := range top.Inputs {
		ex = append(ex, in.Name+"="+in.Example)
	}
	if !reflect.DeepEqual(ex, []string{"prompt=a red fox", "steps=30", "fast=true"}) {
		t.Errorf("examples %q", ex)
	}
}

func TestGradioInputsFromBoundList(t *testing.T) {
	src := `import gradio as gr
block = gr.Blocks().queue()
with block:
    with gr.Row():
        input_image = gr.Image(source="upload", type="numpy")
        prompt = gr.Textbox(label="Prompt")
        with gr.Accordion("Advanced", open=False):
            seed = gr.Slider(label="Seed", minimum=-1, maximum=2147483647, step=1, randomize=True)
            steps = gr.Slider(label="Steps", minimum=1, maximum=MAX_STEPS, value=20)
    ips = [input_image, prompt, seed, steps]
    run_button = gr.Button(label="Run")
    run_button.click(fn=process, inputs=ips, outputs=[gr.Gallery()])

def process(input_image, prompt, seed, steps):
    pass
`
	eps, warns := Inspect(file("gradio_canny.py", src))
	if len(eps) != 1 {
		t.Fatalf("entry points %+v", eps)
	}
	expectWarnings(t, warns, "gradio_canny.py:9: Slider: maximum is not a literal; left open")
	want := []string{
		`input_image:Path required "Image input \"input_image\" of the Gradio app."(guessed)`,
		`prompt:str required "Prompt"`,
		`seed:int=-1 -1..2.147483647e+09 "Seed"`,
		`steps:int=20 1..nil "Steps"`,
	}
	if got := renderAll(eps[0].Inputs); !reflect.DeepEqual(got, want) {
		t.Errorf("inputs:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

func TestGradioPicksTheBusiestHandler(t *testing.T) {
	src := `import gradio as gr
with gr.Blocks() as demo:
    files = gr.Files(label="Photos")
    prompt = gr.Textbox(label="Prompt")
    seed = gr.Slider(0, 10, value=1, step=1, label="Seed")
    rnd = gr.Checkbox(label="Randomize")
    out = gr.Gallery()
    files.upload(fn=swap, inputs=files, outputs=[out, clear_button])
    submit = gr.Button("Go")
    submit.click(fn=tips, outputs=out).then(fn=randomize, inputs=[seed, rnd], outputs=seed).then(
        fn=generate, inputs=[files, prompt, seed], outputs=out)

def generate(images, prompt, seed):
    pass
`
	eps, warns := Inspect(file("app.py", src))
	if len(eps) != 1 || eps[0].Func != "generate" {
		t.Fatalf("entry points %+v", eps)
	}
	want := []string{`images:list[Path] required "Photos"`, `prompt:str required "Prompt"`, `seed:int=1 0..10 "Seed"`}
	if got := renderAll(eps[0].Inputs); !reflect.DeepEqual(got, want) {
		t.Errorf("inputs %q", got)
	}
	if strings.Contains(strings.Join(warns, "\n"), "clear_button") {
		t.Errorf("an unknown output of another handler is reported: %q", warns)
	}
}
