package hf_test

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/hf"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

// corpusCards parses every corpus README.md, keyed by folder name.
func corpusCards(t *testing.T) map[string]facts.Card {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(hubtest.CorpusDir(t), "*", "README.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus cards: %v", err)
	}
	cards := map[string]facts.Card{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		card, err := hf.ParseCard(b)
		name := filepath.Base(filepath.Dir(f))
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if len(card.Meta) == 0 {
			t.Errorf("%s: no front matter read", name)
		}
		if strings.Contains(card.Body, "\r") {
			t.Errorf("%s: body keeps CR line breaks", name)
		}
		if utf8.RuneCountInString(card.Summary) > 300 {
			t.Errorf("%s: summary longer than 300 characters", name)
		}
		t.Logf("%s: title %q, %d code blocks, settings %v, %d prompts", name, card.Title, len(card.Code), card.Settings, len(card.Prompts))
		cards[name] = card
	}
	return cards
}

func TestCorpusCards(t *testing.T) {
	cards := corpusCards(t)
	for _, tc := range []struct {
		model    string
		settings map[string]any
		prompt   string
		meta     map[string]any
	}{
		{"stabilityai--stable-diffusion-3.5-large",
			map[string]any{"num_inference_steps": int64(28), "guidance_scale": 3.5, "torch_dtype": "bfloat16"},
			"A capybara holding a sign that reads Hello World", map[string]any{"license": "other"}},
		{"keremberke--yolov5m-license-plate", nil, "", map[string]any{"library_name": "yolov5"}},
		{"sayakpaul--sd-model-finetuned-lora-t4", nil, "", map[string]any{"base_model": "CompVis/stable-diffusion-v1-4"}},
		{"google--medgemma-27b-it", map[string]any{"max_new_tokens": int64(200), "torch_dtype": "bfloat16"},
			"How do you differentiate bacterial from viral pneumonia?", map[string]any{"pipeline_tag": "image-text-to-text"}},
		{"mistralai--Devstral-Small-2507", map[string]any{"temperature": 0.15}, "", nil},
		{"openai--whisper-base", map[string]any{"chunk_length_s": int64(30)}, "", map[string]any{"pipeline_tag": "automatic-speech-recognition"}},
		{"damo-vilab--text-to-video-ms-1.7b", map[string]any{"num_inference_steps": int64(25), "torch_dtype": "float16", "variant": "fp16"},
			"Spiderman is surfing", nil},
		{"lambdalabs--sd-image-variations-diffusers", map[string]any{"guidance_scale": int64(3)}, "", nil},
		{"stabilityai--stable-diffusion-xl-base-1.0", map[string]any{"torch_dtype": "float16", "variant": "fp16", "use_safetensors": true},
			"An astronaut riding a green horse", nil},
	} {
		card, ok := cards[tc.model]
		if !ok {
			t.Errorf("%s: card missing from corpus", tc.model)
			continue
		}
		for k, want := range tc.settings {
			if got := card.Settings[k]; got != want {
				t.Errorf("%s: %s = %#v, want %#v", tc.model, k, got, want)
			}
		}
		if tc.prompt != "" && !slices.Contains(card.Prompts, tc.prompt) {
			t.Errorf("%s: prompts %q lack %q", tc.model, card.Prompts, tc.prompt)
		}
		for k, want := range tc.meta {
			if got := card.Meta[k]; got != want {
				t.Errorf("%s: meta %s = %#v, want %#v", tc.model, k, got, want)
			}
		}
	}
	if p := cards["google--medgemma-27b-it"].Prompts; slices.Contains(p, "You are a helpful medical assistant.") {
		t.Errorf("system messages are not prompts: %q", p)
	}
	sd := cards["stabilityai--stable-diffusion-3.5-large"]
	if sd.Title != "Stable Diffusion 3.5 Large" || !strings.HasPrefix(sd.Summary, "Stable Diffusion 3.5 Large is a Multimodal Diffusion Transformer") {
		t.Errorf("sd3.5 title %q summary %q", sd.Title, sd.Summary)
	}
	if i := slices.IndexFunc(sd.Code, func(c facts.CodeBlock) bool { return c.Lang == "py" }); i < 0 || !strings.Contains(sd.Code[i].Code, "StableDiffusion3Pipeline") {
		t.Errorf("sd3.5 code blocks: %+v", sd.Code)
	}
}

func TestParseCardFrontMatterVariants(t *testing.T) {
	for name, src := range map[string]string{
		"lf":           "---\nlicense: mit\n---\n# T\n",
		"crlf":         "---\r\nlicense: mit\r\n---\r\n# T\r\n",
		"lone cr":      "---\rlicense: mit\r---\r# T\r",
		"leading":      " \n\n---\nlicense: mit\n---\n# T\n",
		"closing tabs": "---\nlicense: mit\n--- \t\n# T\n",
		"at eof":       "---\nlicense: mit\n---",
	} {
		card, err := hf.ParseCard([]byte(src))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if card.MetaString("license") != "mit" {
			t.Errorf("%s: meta %v", name, card.Meta)
		}
		if name != "at eof" && (card.Title != "T" || card.Body != "# T\n") {
			t.Errorf("%s: title %q body %q", name, card.Title, card.Body)
		}
	}
	card, err := hf.ParseCard([]byte("# No front matter\n\n---\nnot: meta\n---\n"))
	if err != nil || card.Meta != nil || card.Title != "No front matter" {
		t.Errorf("no front matter: %v %v %q", err, card.Meta, card.Title)
	}
}

func TestParseCardNotYAML(t *testing.T) {
	src := "\n---\nlicense: mit\ntags: [a, b\nother: x\n---\n# Title kept\n\nThis body is still parsed for the caller.\n"
	card, err := hf.ParseCard([]byte(src))
	if err == nil {
		t.Fatal("want an error for a front matter that is not yaml")
	}
	msg := err.Error()
	if !strings.Contains(msg, "front matter is not valid yaml") || !strings.Contains(msg, "(line ") {
		t.Errorf("error should say it is not yaml and name the line: %q", msg)
	}
	if card.Meta != nil || card.Title != "Title kept" || card.Summary != "This body is still parsed for the caller." {
		t.Errorf("partial card: %+v", card)
	}
	_, err = hf.ParseCard([]byte("---\n- a\n- b\n---\nbody\n"))
	if err == nil || !strings.Contains(err.Error(), "not a yaml mapping") {
		t.Errorf("a list front matter: %v", err)
	}
	// huggingface_hub reads cards with yaml.safe_load: a repeated key keeps
	// its last value.
	card, err = hf.ParseCard([]byte("---\nlicense: mit\nlicense: apache-2.0\nbase: &b {x: 1}\ncopy: *b\n---\n"))
	if err != nil || card.MetaString("license") != "apache-2.0" || !reflect.DeepEqual(card.Meta["copy"], map[string]any{"x": 1}) {
		t.Errorf("duplicate keys and aliases: %v %v", err, card.Meta)
	}
}

func TestParseCardBody(t *testing.T) {
	src := "---\nlicense: mit\n---\n" +
		"<p align=\"center\"><img src=\"logo.png\"></p>\n\n" +
		"[![badge](https://img/x.svg)](https://x) [Paper](https://arxiv.org) | [Code](https://github.com)\n\n" +
		"## Model *Card*\n\n" +
		"- a list item that is long enough to be prose but is not a summary\n\n" +
		"This **model** turns `text` into [images](https://x), fast. " + strings.Repeat("More words here. ", 30) + "\n\n" +
		"```Python title=\"x\"\nprint(1)\n```\n\n    indented code is not a fence\n\n~~~\nplain\n~~~\n"
	card, err := hf.ParseCard([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if card.Title != "Model Card" {
		t.Errorf("title %q", card.Title)
	}
	if !strings.HasPrefix(card.Summary, "This model turns text into images, fast. More words") ||
		utf8.RuneCountInString(card.Summary) > 300 || !strings.HasSuffix(card.Summary, "…") {
		t.Errorf("summary %q", card.Summary)
	}
	want := []facts.CodeBlock{{Lang: "python", Code: "print(1)\n"}, {Lang: "", Code: "plain\n"}}
	if !reflect.DeepEqual(card.Code, want) {
		t.Errorf("code blocks %+v, want %+v", card.Code, want)
	}
}

// BenchmarkParseCard parses the largest card of the corpus.
func BenchmarkParseCard(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(hubtest.CorpusDir(b), "*", "README.md"))
	var largest []byte
	for _, f := range files {
		if data, err := os.ReadFile(f); err == nil && len(data) > len(largest) {
			largest = data
		}
	}
	if largest == nil {
		b.Skip("no corpus cards")
	}
	b.SetBytes(int64(len(largest)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := hf.ParseCard(largest); err != nil {
			b.Fatal(err)
		}
	}
}
