package comfy

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
)

func traceTestdata(t *testing.T, name string, opts TraceOptions) []facts.ComfyInput {
	t.Helper()
	w := parseTestdata(t, name)
	ins, warns := Trace(w, defaultDefs(t), opts)
	for _, wn := range warns {
		t.Logf("warning: %s", wn)
	}
	return ins
}

func inputNamed(t *testing.T, ins []facts.ComfyInput, name string) facts.ComfyInput {
	t.Helper()
	for _, in := range ins {
		if in.Name == name {
			return in
		}
	}
	t.Fatalf("no input %q among %v", name, names(ins))
	return facts.ComfyInput{}
}

func names(ins []facts.ComfyInput) []string {
	var out []string
	for _, in := range ins {
		out = append(out, in.Name)
	}
	return out
}

func targets(in facts.ComfyInput) string {
	var s []string
	for _, t := range in.Targets {
		s = append(s, t.Node+"."+t.Input)
	}
	return strings.Join(s, " ")
}

func TestTraceBasic(t *testing.T) {
	ins := traceTestdata(t, "primitive_reroute.ui.json", TraceOptions{})
	want := []string{"prompt", "negative_prompt", "width", "height", "batch_size", "steps", "cfg",
		"sampler_name", "scheduler", "denoise", "seed"}
	if !slices.Equal(names(ins), want) {
		t.Errorf("inputs = %v, want %v", names(ins), want)
	}
	p := inputNamed(t, ins, "prompt")
	if p.Type != "str" || p.Default != "a cat on a mat" || targets(p) != "3.text" {
		t.Errorf("prompt = %+v", p)
	}
	seed := inputNamed(t, ins, "seed")
	if !seed.Optional || seed.Default != nil || *seed.Max != MaxSeed || *seed.Min != 0 || fmt.Sprint(seed.Example) != "42" {
		t.Errorf("seed = %+v, want Optional[int] = None, 0..4294967295, example 42", seed)
	}
	cfg := inputNamed(t, ins, "cfg")
	if cfg.Type != "float" || cfg.Default != 7.5 || *cfg.Min != 0 || *cfg.Max != 100 || cfg.Step != 0.1 {
		t.Errorf("cfg = %+v", cfg)
	}
	s := inputNamed(t, ins, "sampler_name")
	if len(s.Choices) < 2 || !slices.Contains(s.Choices, any("euler")) || s.Default != "euler" {
		t.Errorf("sampler_name = %+v", s)
	}
	if h := inputNamed(t, ins, "height"); h.Default != int64(768) || h.Type != "int" {
		t.Errorf("height = %+v", h)
	}
	for _, in := range ins {
		if in.Description == "" || !strings.Contains(in.Description, "node ") {
			t.Errorf("%s: description %q should say what it feeds", in.Name, in.Description)
		}
	}
}

func TestTraceSubgraphDeclared(t *testing.T) {
	ins := traceTestdata(t, "subgraph.ui.json", TraceOptions{})
	subj := inputNamed(t, ins, "subject")
	if subj.Role != RoleDeclared || subj.Default != "a dog in the snow" || targets(subj) != "2:11.text" {
		t.Errorf("subject = %+v, want the subgraph's declared input", subj)
	}
	if n := inputNamed(t, ins, "negative_prompt"); n.Default != "blurry" {
		t.Errorf("negative_prompt = %+v", n)
	}
	if st := inputNamed(t, ins, "steps"); st.Default != int64(7) || targets(st) != "2:10.steps" {
		t.Errorf("steps = %+v", st)
	}
	if slices.Contains(names(ins), "prompt") {
		t.Error("the declared subject must win over the traced prompt")
	}
}

func TestTraceBypassedLoraIsNotExposed(t *testing.T) {
	ins := traceTestdata(t, "bypass_muted.ui.json", TraceOptions{})
	for _, in := range ins {
		if strings.HasPrefix(in.Name, "lora") {
			t.Errorf("%s belongs to a bypassed node", in.Name)
		}
	}
	if b := inputNamed(t, ins, "batch_size"); b.Default != int64(2) {
		t.Errorf("batch_size = %+v", b)
	}
}

func TestTraceExposeHide(t *testing.T) {
	ins := traceTestdata(t, "primitive_reroute.ui.json", TraceOptions{
		Expose: []string{"8.filename_prefix", "ckpt_name"},
		Hide:   []string{"seed", "6.cfg"},
	})
	got := names(ins)
	for _, n := range []string{"filename_prefix", "ckpt_name"} {
		if !slices.Contains(got, n) {
			t.Errorf("exposed %s missing from %v", n, got)
		}
	}
	for _, n := range []string{"seed", "cfg"} {
		if slices.Contains(got, n) {
			t.Errorf("hidden %s still in %v", n, got)
		}
	}
	if in := inputNamed(t, ins, "filename_prefix"); in.Role != RoleExposed || in.Default != "out" {
		t.Errorf("filename_prefix = %+v", in)
	}
}

// TestTraceNamesAndTitles covers collisions: an author title names a file
// input, an untitled one takes the role, a second sampler's settings are
// numbered, a title qualifies a second prompt.
func TestTraceNamesAndTitles(t *testing.T) {
	api := `{
	"1": {"class_type": "LoadImage", "inputs": {"image": "face.png"}, "_meta": {"title": "Face"}},
	"2": {"class_type": "LoadImage", "inputs": {"image": "scene.png"}, "_meta": {"title": "Load Image"}},
	"3": {"class_type": "KSampler", "inputs": {"seed": 1, "steps": 20, "cfg": 8, "sampler_name": "euler", "scheduler": "normal",
	      "denoise": 1, "positive": ["5", 0], "negative": ["6", 0], "model": ["9", 0], "latent_image": ["10", 0]}},
	"4": {"class_type": "KSampler", "inputs": {"seed": 2, "steps": 10, "cfg": 4, "sampler_name": "euler", "scheduler": "normal",
	      "denoise": 0.5, "positive": ["7", 0], "negative": ["6", 0], "model": ["9", 0], "latent_image": ["3", 0]}},
	"5": {"class_type": "CLIPTextEncode", "inputs": {"text": "a castle", "clip": ["9", 1]}},
	"6": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry", "clip": ["9", 1]}},
	"7": {"class_type": "CLIPTextEncode", "inputs": {"text": "sharp details", "clip": ["9", 1]}, "_meta": {"title": "Refiner"}},
	"8": {"class_type": "SaveImage", "inputs": {"images": ["11", 0], "filename_prefix": "x"}},
	"9": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "m.safetensors"}},
	"10": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 512, "batch_size": 1}},
	"11": {"class_type": "VAEDecode", "inputs": {"samples": ["4", 0], "vae": ["9", 2]}},
	"12": {"class_type": "ImageBlend", "inputs": {"image1": ["1", 0], "image2": ["2", 0], "blend_factor": 0.5, "blend_mode": "normal"}},
	"13": {"class_type": "PreviewImage", "inputs": {"images": ["12", 0]}}
	}`
	defs := defaultDefs(t)
	w, err := Parse([]byte(api), defs, 0)
	if err != nil {
		t.Fatal(err)
	}
	ins, _ := Trace(w, defs, TraceOptions{})
	for name, tg := range map[string]string{
		"prompt": "5.text", "negative_prompt": "6.text", "refiner_prompt": "7.text",
		"face": "1.image", "image": "2.image", "cfg": "3.cfg", "cfg_2": "4.cfg", "denoise_2": "4.denoise",
		"seed": "3.seed 4.seed",
	} {
		if in := inputNamed(t, ins, name); targets(in) != tg {
			t.Errorf("%s targets %s, want %s", name, targets(in), tg)
		}
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"KSampler (Advanced) - BASE": "ksampler_advanced_base",
		"Positive Prompt (Text)":     "positive_prompt_text",
		"2nd pass":                   "input_2nd_pass",
		"class":                      "class_",
		"API Key":                    "api_key_value",
		"hf_token":                   "hf_token_value",
		"max_new_tokens":             "max_new_tokens",
		"提示词":                        "input",
		"__seed__":                   "seed",
	} {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
	nm := newNamer()
	var got []string
	for range 3 {
		got = append(got, nm.claim("image"))
	}
	got = append(got, nm.claim("", "Face", "image"))
	if strings.Join(got, " ") != "image image_2 image_3 face" {
		t.Errorf("claims = %v", got)
	}
}

func TestResolveDynamicPrompt(t *testing.T) {
	for in, want := range map[string]string{
		"a {red|blue} car":        "a red car",
		"{a|{b|c}} d":             "a d",
		"x {{p|q}|r} y":           "x p y",
		`keep \{literal\} braces`: `keep \{literal\} braces`,
		"text // a comment\nmore": "text \nmore",
		"a /* block */b":          "a b",
		"no choices at all":       "no choices at all",
		"unclosed {one|two":       "unclosed one",
	} {
		if got, _ := resolveDynamicPrompt(in); got != want {
			t.Errorf("resolveDynamicPrompt(%q) = %q, want %q", in, got, want)
		}
	}
}
