package hf

import (
	"reflect"
	"testing"

	"github.com/cogport/cogport/facts"
)

func TestParseValueLiterals(t *testing.T) {
	for src, want := range map[string]any{
		`"plain"`:                               "plain",
		`'single'`:                              "single",
		`"esc\"aped\n\t\\"`:                     "esc\"aped\n\t\\",
		`r"raw\n"`:                              `raw\n`,
		`R'raw\d'`:                              `raw\d`,
		`u"unicode \u00e9\x41\101"`:             "unicode éAA",
		`"""triple "quoted"` + "\n" + `text"""`: "triple \"quoted\"\ntext",
		`'''x'''`:                               "x",
		`"a" "b" 'c'`:                           "abc",
		`("wrapped "` + "\n" + `"prompt")`:      "wrapped prompt",
		`"line\` + "\n" + `continued"`:          "linecontinued",
		`b"bytes"`:                              nonLiteral{},
		`f"fmt {x}"`:                            nonLiteral{},
		`"a" f"b{c}"`:                           nonLiteral{},
		`28`:                                    int64(28),
		`-3`:                                    int64(-3),
		`16_000`:                                int64(16000),
		`0x1F`:                                  int64(31),
		`0o17`:                                  int64(15),
		`0b101`:                                 int64(5),
		`3.5`:                                   3.5,
		`.5`:                                    0.5,
		`1e-3`:                                  0.001,
		`-2.5E+2`:                               -250.0,
		`7.`:                                    7.0,
		`2j`:                                    nonLiteral{},
		`True`:                                  true,
		`False`:                                 false,
		`None`:                                  nil,
		`torch.float16`:                         "float16",
		`torch.bfloat16`:                        "bfloat16",
		`torch.half`:                            "float16",
		`torch.device`:                          nonLiteral{},
		`np.float16`:                            nonLiteral{},
		`device`:                                nonLiteral{},
		`1 + 2`:                                 nonLiteral{},
		`"x".upper()`:                           nonLiteral{},
		`[1, "a", None]`:                        []any{int64(1), "a", nil},
		`(1,)`:                                  []any{int64(1)},
		`(1)`:                                   int64(1),
		`{"k": [1, 2], 3: "dropped"}`:           map[string]any{"k": []any{int64(1), int64(2)}},
		`[x for x in y]`:                        []any{nonLiteral{}}, // one opaque element
		`{"a", "b"}`:                            nonLiteral{},
		`{**base, "a": 1}`:                      nonLiteral{},
		`[1, name, 2]`:                          []any{int64(1), nonLiteral{}, int64(2)},
	} {
		toks := tokenize(src)
		got, end := parseValue(toks, 0)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v, want %#v", src, got, want)
		}
		if end != len(toks) {
			t.Errorf("%s: stopped at token %d of %d", src, end, len(toks))
		}
	}
}

func TestTokenizeSkipsCommentsAndJoinsLines(t *testing.T) {
	toks := tokenize("a = 1  # steps=99\nb = (2,\n  3)\nc = 'x#y'")
	var newlines, names int
	for _, tk := range toks {
		switch tk.kind {
		case tNewline:
			newlines++
		case tName:
			names++
			if tk.text == "steps" {
				t.Error("a comment was tokenized")
			}
		}
	}
	if newlines != 2 || names != 3 {
		t.Errorf("newlines %d names %d in %+v", newlines, names, toks)
	}
}

func TestMineExamples(t *testing.T) {
	blocks := []facts.CodeBlock{
		{Lang: "bash", Code: "pip install diffusers --num_inference_steps=1\n"},
		{Lang: "py", Code: `
import torch
from diffusers import FluxPipeline

def generate(prompt, num_inference_steps=99):  # defaults are not examples
    return prompt

pipe = FluxPipeline.from_pretrained("acme/flux", torch_dtype=torch.bfloat16)
pipe = pipe.to("cuda")
prompt = "A cat holding a sign"
image = pipe(
    prompt,
    height=1024, width=1024,
    guidance_scale=3.5,
    num_inference_steps=28,
    max_sequence_length=512,
    generator=torch.Generator("cpu").manual_seed(0),
    negative_prompt=None,
).images[0]
image = pipe("a second prompt", guidance_scale=4.5)
image = pipe(prompt=["a third", "a fourth"], num_inference_steps=50)
`},
		{Lang: "", Code: ">>> from transformers import pipeline\n>>> asr = pipeline(\"automatic-speech-recognition\", chunk_length_s=30)\n>>> asr(\"sample.flac\")\n{'text': 'output is dropped'}\n"},
		{Lang: "", Code: "temperature=0.9 is not python without code around it\n"},
		{Lang: "python", Code: `
messages = [
    {"role": "system", "content": "You are terse."},
    {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is in the image?"}]},
    {"role": "user", "content": "<your-prompt>"},
]
payload = {"model": m, "messages": messages, "temperature": 0.15, "type": "ignored"}
out = client.chat(messages=[{"role": "user", "content": "Hi there"}], top_p=0.9, top_k=40)
temperature = 0.7
`},
	}
	settings, prompts := mineExamples(blocks)
	want := map[string]any{
		"torch_dtype": "bfloat16", "height": int64(1024), "width": int64(1024), "guidance_scale": 3.5,
		"num_inference_steps": int64(28), "max_sequence_length": int64(512), "chunk_length_s": int64(30),
		"temperature": 0.15, "top_p": 0.9, "top_k": int64(40),
	}
	if !reflect.DeepEqual(settings, want) {
		t.Errorf("settings:\n got %v\nwant %v", settings, want)
	}
	wantPrompts := []string{"A cat holding a sign", "a second prompt", "a third", "a fourth", "sample.flac", "What is in the image?", "Hi there"}
	if !reflect.DeepEqual(prompts, wantPrompts) {
		t.Errorf("prompts:\n got %q\nwant %q", prompts, wantPrompts)
	}
}

func TestMineExamplesEmpty(t *testing.T) {
	settings, prompts := mineExamples([]facts.CodeBlock{{Lang: "json", Code: `{"num_inference_steps": 4}`}})
	if settings != nil || prompts != nil {
		t.Errorf("non-python blocks yield nothing: %v %v", settings, prompts)
	}
}

// FuzzMineExamples checks the reader never panics or loops on odd input.
func FuzzMineExamples(f *testing.F) {
	for _, s := range []string{`pipe("x", a=1)`, `x = [1, (2, {3: "a"`, `"""unterminated`, `f(**{"a": 1}, b=-)`, `))]]}}`, `a=b=c`, `A=((`, `x = {"a": [`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		mineExamples([]facts.CodeBlock{{Lang: "py", Code: src}})
	})
}
