//go:build runtime

package e2e_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/cogport/cogport/e2e"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

// tinyLabels are the classes of every tiny classifier, detector and
// segmenter (tiny/make_vision.py LABELS).
var tinyLabels = []string{"tabby cat", "golden retriever", "sports car"}

// The input images: sizes that are neither square nor the models' 32x32, so
// a package that returns the model's size instead of the input's fails.
const (
	imgW = 48
	imgH = 40
)

// hfModel is how the Hub describes a transformers repository of arch.
func hfModel(tag, arch, modelType string) hubtest.Model {
	return hubtest.Model{
		PipelineTag: tag,
		LibraryName: "transformers",
		Config:      map[string]any{"architectures": []string{arch}, "model_type": modelType},
	}
}

// TestImageClassification classifies with a tiny ViT: the top labels from
// id2label with probabilities, as many as asked.
func TestImageClassification(t *testing.T) {
	img := visionPNG(t, imgW, imgH)
	runHF(t, hfCase{
		name:   "vit-classifier",
		stack:  "vision",
		kind:   "vit",
		model:  hfModel("image-classification", "ViTForImageClassification", "vit"),
		recipe: "transformers-image-classification",
		calls: []call{
			{name: "defaults", input: map[string]any{"image": img}, check: imageLabelScores(len(tinyLabels), 1)},
			{name: "top_k 2", input: map[string]any{"image": img, "top_k": 2}, check: imageLabelScores(2, -1)},
			{name: "top_k 0", input: map[string]any{"image": img, "top_k": 0}, wantErr: "top_k"},
			{name: "not an image", input: map[string]any{"image": textDataURI()}, wantErr: "cannot identify image file"},
		},
		standIns: map[string]string{"image": img},
	})
}

// TestTimmImageClassification classifies with a tiny timm ResNet saved in
// timm's own layout: the label names from its config, with probabilities.
func TestTimmImageClassification(t *testing.T) {
	img := visionPNG(t, imgW, imgH)
	runHF(t, hfCase{
		name:   "timm-resnet",
		stack:  "vision",
		kind:   "timm-resnet",
		model:  hubtest.Model{PipelineTag: "image-classification", LibraryName: "timm", Tags: []string{"timm", "image-classification"}},
		recipe: "timm-image-classification",
		calls: []call{
			{name: "defaults", input: map[string]any{"image": img}, check: imageLabelScores(len(tinyLabels), 1)},
			{name: "top_k 1", input: map[string]any{"image": img, "top_k": 1}, check: imageLabelScores(1, -1)},
			{name: "top_k 0", input: map[string]any{"image": img, "top_k": 0}, wantErr: "top_k"},
			{name: "not an image", input: map[string]any{"image": textDataURI()}, wantErr: "cannot identify image file"},
		},
		standIns: map[string]string{"image": img},
	})
}

// TestObjectDetection detects with a tiny YOLOS whose class head favours
// the first label: boxes inside the image, scores above the threshold,
// labels from id2label, and the annotated image at the input's size.
func TestObjectDetection(t *testing.T) {
	img := visionPNG(t, imgW, imgH)
	runHF(t, hfCase{
		name:   "yolos-detector",
		stack:  "vision",
		kind:   "yolos",
		model:  hfModel("object-detection", "YolosForObjectDetection", "yolos"),
		recipe: "transformers-object-detection",
		calls: []call{
			{name: "defaults", input: map[string]any{"image": img}, check: detections(0.9, 1)},
			{name: "threshold 0", input: map[string]any{"image": img, "threshold": 0.0}, check: detections(0, 10)},
			{name: "threshold above 1", input: map[string]any{"image": img, "threshold": 1.5}, wantErr: "threshold"},
			{name: "not an image", input: map[string]any{"image": textDataURI()}, wantErr: "cannot identify image file"},
		},
		standIns: map[string]string{"image": img},
	})
}

// TestImageSegmentation segments with a tiny Segformer: masks of the input's
// size whose run lengths cover it, areas and boxes that agree with them, and
// the overlay at the input's size.
func TestImageSegmentation(t *testing.T) {
	img := visionPNG(t, imgW, imgH)
	runHF(t, hfCase{
		name:   "segformer",
		stack:  "vision",
		kind:   "segformer",
		model:  hfModel("image-segmentation", "SegformerForSemanticSegmentation", "segformer"),
		recipe: "transformers-image-segmentation",
		calls: []call{
			{name: "defaults", input: map[string]any{"image": img}, check: segments},
			{name: "missing image", input: map[string]any{}, wantErr: "image"},
			{name: "not an image", input: map[string]any{"image": textDataURI()}, wantErr: "cannot identify image file"},
		},
		standIns: map[string]string{"image": img},
	})
}

// TestDepthEstimation estimates depth with a tiny DPT: a depth map that
// decodes at the input's size.
func TestDepthEstimation(t *testing.T) {
	img := visionPNG(t, imgW, imgH)
	runHF(t, hfCase{
		name:   "dpt-depth",
		stack:  "vision",
		kind:   "dpt",
		model:  hfModel("depth-estimation", "DPTForDepthEstimation", "dpt"),
		recipe: "transformers-depth-estimation",
		calls: []call{
			{name: "defaults", input: map[string]any{"image": img}, check: imageAt(imgW, imgH, "")},
			{name: "another size", input: map[string]any{"image": visionPNG(t, 20, 64)}, check: imageAt(20, 64, "")},
			{name: "not an image", input: map[string]any{"image": textDataURI()}, wantErr: "cannot identify image file"},
		},
		standIns: map[string]string{"image": img},
	})
}

// TestZeroShotImageClassification scores labels with a tiny CLIP and its
// byte-level BPE tokenizer: one score per given label, summing to 1.
func TestZeroShotImageClassification(t *testing.T) {
	img := visionPNG(t, imgW, imgH)
	runHF(t, hfCase{
		name:   "clip",
		stack:  "vision",
		kind:   "clip",
		model:  hfModel("zero-shot-image-classification", "CLIPModel", "clip"),
		recipe: "transformers-zero-shot-image-classification",
		calls: []call{
			{name: "defaults", input: map[string]any{"image": img, "candidate_labels": "a cat, a dog, a car"},
				check: zeroShot("a cat", "a dog", "a car")},
			{name: "template and repeats", input: map[string]any{"image": img, "candidate_labels": "cat,dog, cat ,",
				"hypothesis_template": "a photo of a {}"}, check: zeroShot("cat", "dog")},
			{name: "no labels", input: map[string]any{"image": img, "candidate_labels": " , "}, wantErr: "candidate_labels is empty"},
			{name: "template without braces", input: map[string]any{"image": img, "candidate_labels": "cat",
				"hypothesis_template": "a photo"}, wantErr: "hypothesis_template needs one {}"},
		},
		standIns: map[string]string{"image": img},
	})
}

// TestImageToText captions with a tiny BLIP: text, also when a prompt starts
// it, when generation is cut to one token and when the prompt and the
// longest caption would overrun the decoder's positions.
func TestImageToText(t *testing.T) {
	img := visionPNG(t, imgW, imgH)
	runHF(t, hfCase{
		name:   "blip-caption",
		stack:  "vision",
		kind:   "blip",
		model:  hfModel("image-to-text", "BlipForConditionalGeneration", "blip"),
		recipe: "transformers-image-to-text",
		calls: []call{
			{name: "defaults", input: map[string]any{"image": img}, check: caption("")},
			{name: "prompt and one token", input: map[string]any{"image": img, "prompt": "a cat", "max_new_tokens": 1},
				check: caption("a cat")},
			// The tiny decoder has 64 positions, so max_new_tokens is at most 64;
			// a prompt takes positions too, and the caption must stop short.
			{name: "prompt and the most tokens", input: map[string]any{"image": img, "prompt": "the cat sat on the mat",
				"max_new_tokens": 64}, check: caption("the cat sat on the mat")},
			{name: "prompt past the context", input: map[string]any{"image": img,
				"prompt": strings.Repeat("hello ", 70)}, wantErr: "prompt is too long"},
			{name: "max_new_tokens 0", input: map[string]any{"image": img, "max_new_tokens": 0}, wantErr: "max_new_tokens"},
		},
		standIns: map[string]string{"image": img},
	})
}

// TestVisualQuestionAnswering answers with a tiny ViLT: the answer is the
// likeliest of id2label's, scores in [0, 1] and sorted.
func TestVisualQuestionAnswering(t *testing.T) {
	img := visionPNG(t, imgW, imgH)
	answers := []string{"yes", "no", "two", "sleeping"}
	runHF(t, hfCase{
		name:   "vilt-vqa",
		stack:  "vision",
		kind:   "vilt",
		model:  hfModel("visual-question-answering", "ViltForQuestionAnswering", "vilt"),
		recipe: "transformers-visual-question-answering",
		calls: []call{
			{name: "defaults", input: map[string]any{"image": img, "question": "is the cat on the mat?"}, check: vqa(answers, len(answers))},
			{name: "top_k 2", input: map[string]any{"image": img, "question": "what is the cat", "top_k": 2}, check: vqa(answers, 2)},
			{name: "empty question", input: map[string]any{"image": img, "question": "  "}, wantErr: "question is empty"},
			// Longer than the text encoder's 64 positions: cut short, not an error.
			{name: "long question", input: map[string]any{"image": img, "question": strings.Repeat("is the cat on the mat ", 20)},
				check: vqa(answers, len(answers))},
		},
		standIns: map[string]string{"image": img},
	})
}

// TestDocumentQuestionAnswering answers with a tiny Donut whose decoder is
// set to answer "yes" (tiny/make_vision.py make_donut): the answer parsed
// from Donut's tags is that word, whatever the question.
func TestDocumentQuestionAnswering(t *testing.T) {
	img := visionPNG(t, imgW, imgH)
	model := hfModel("document-question-answering", "VisionEncoderDecoderModel", "vision-encoder-decoder")
	model.Config = map[string]any{
		"architectures": []string{"VisionEncoderDecoderModel"},
		"model_type":    "vision-encoder-decoder",
		"encoder":       map[string]any{"model_type": "donut-swin"},
		"decoder":       map[string]any{"model_type": "mbart"},
	}
	runHF(t, hfCase{
		name:   "donut-docvqa",
		stack:  "vision",
		kind:   "donut",
		model:  model,
		recipe: "transformers-document-question-answering",
		calls: []call{
			{name: "defaults", input: map[string]any{"image": img, "question": "What is the invoice number?"}, check: answer("yes")},
			{name: "unknown words", input: map[string]any{"image": img, "question": "Qui a signé ?"}, check: answer("yes")},
			{name: "empty question", input: map[string]any{"image": img, "question": " "}, wantErr: "question is empty"},
			// The tiny decoder has 32 positions; the task prompt and the
			// question must leave room for the answer.
			{name: "question past the context", input: map[string]any{"image": img,
				"question": strings.Repeat("what is the number ", 10)}, wantErr: "question is too long"},
			{name: "not an image", input: map[string]any{"image": textDataURI(), "question": "what"}, wantErr: "cannot identify image file"},
		},
		standIns: map[string]string{"image": img},
	})
}

// TestVLMChat chats with a tiny Idefics3 (SmolVLM's architecture) through
// its chat template: a stream of text, with an image and without one, with
// a system prompt and greedy decoding, and clear errors for an empty prompt
// and a prompt past the context.

func TestVLMChat(t *testing.T) {
	img := visionPNG(t, imgW, imgH)
	runHF(t, hfCase{
		name:   "idefics3-chat",
		stack:  "vision",
		kind:   "idefics3",
		model:  hfModel("image-text-to-text", "Idefics3ForConditionalGeneration", "idefics3"),
		recipe: "transformers-vlm-chat",
		calls: []call{
			{name: "defaults", input: map[string]any{"image": img, "prompt": "Describe this image."}, check: textStream},
			{name: "every option", input: map[string]any{"image": img, "prompt": "What is it?", "system_prompt": "Be brief.",
				"max_new_tokens": 6, "temperature": 0.0, "top_p": 0.5, "top_k": 3, "seed": 7}, check: textStream},
			{name: "no image", input: map[string]any{"prompt": "hello", "max_new_tokens": 6, "seed": 1}, check: textStream},
			{name: "empty prompt", input: map[string]any{"image": img, "prompt": "  "}, wantErr: "prompt is empty"},
			{name: "past the context", input: map[string]any{"image": img, "prompt": "hi", "max_new_tokens": 256}, wantErr: "exceed the context"},
		},
		standIns: map[string]string{"image": img},
	})
}

// textStream wants a ConcatenateIterator's output: a list of strings, not
// empty, that join into some text; split into several chunks when the text
// has a space inside it (the streamer sends words as they complete).
func textStream(t *testing.T, _ *run, p e2e.Prediction) {
	t.Helper()
	var chunks []string
	if err := json.Unmarshal(p.Output, &chunks); err != nil {
		t.Fatalf("output is not a list of text chunks: %s", clip(p.Output))
	}
	text := strings.Join(chunks, "")
	if text == "" {
		t.Fatalf("the stream is empty: %s", clip(p.Output))
	}
	if strings.Contains(strings.TrimSpace(text), " ") && len(chunks) < 2 {
		t.Errorf("text of several words came as %d chunk: %q", len(chunks), text)
	}
}

// answer wants {"answer": want}.
func answer(want string) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, _ *run, p e2e.Prediction) {
		t.Helper()
		var out map[string]any
		if err := json.Unmarshal(p.Output, &out); err != nil {
			t.Fatalf("output: %v: %s", err, clip(p.Output))
		}
		if len(out) != 1 || out["answer"] != want {
			t.Fatalf("got %s, want {\"answer\": %q}", clip(p.Output), want)
		}
	}
}

// pngDataURI is a w×h RGB gradient as a PNG data URI.
func visionPNG(t *testing.T, w, h int) string {
	t.Helper()
	im := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			im.Set(x, y, color.RGBA{R: uint8(255 * x / w), G: uint8(255 * y / h), B: 128, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, im); err != nil {
		t.Fatal(err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
}

// textDataURI is a file that is not an image, sent where one belongs.
func textDataURI() string {
	return "data:text/plain;base64," + base64.StdEncoding.EncodeToString([]byte("not an image"))
}

// labelScores wants n labels from tinyLabels with probabilities; sum, when
// not negative, is what they must add up to (all labels returned).
func imageLabelScores(n int, sum float64) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, _ *run, p e2e.Prediction) {
		t.Helper()
		var got map[string]float64
		if err := json.Unmarshal(p.Output, &got); err != nil {
			t.Fatalf("output is not a map of label to score: %s", clip(p.Output))
		}
		if len(got) != n {
			t.Fatalf("got %d labels, want %d: %v", len(got), n, got)
		}
		total := 0.0
		for label, score := range got {
			if !slices.Contains(tinyLabels, label) {
				t.Errorf("label %q is not one of the model's %q", label, tinyLabels)
			}
			if score < 0 || score > 1 {
				t.Errorf("score %v of %q is not a probability", score, label)
			}
			total += score
		}
		if sum >= 0 && math.Abs(total-sum) > 1e-3 {
			t.Errorf("scores add up to %v, want %v", total, sum)
		}
	}
}

// box is a rectangle in pixels, as the detection and segmentation outputs
// give it.
type box struct {
	XMin, YMin, XMax, YMax *float64
}

func (b box) inside(w, h int) bool {
	if b.XMin == nil || b.YMin == nil || b.XMax == nil || b.YMax == nil {
		return false
	}
	return 0 <= *b.XMin && *b.XMin <= *b.XMax && *b.XMax <= float64(w) &&
		0 <= *b.YMin && *b.YMin <= *b.YMax && *b.YMax <= float64(h)
}

// detections wants the input's size, at least min objects sorted by score,
// each scoring at least threshold with a tinyLabels label and a box inside
// the image, and the annotated image at the input's size.
func detections(threshold float64, min int) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, r *run, p e2e.Prediction) {
		t.Helper()
		var out struct {
			Detections struct {
				Width, Height int
				Objects       []struct {
					Label string
					Score float64
					Box   box
				}
			}
			Image json.RawMessage
		}
		if err := json.Unmarshal(p.Output, &out); err != nil {
			t.Fatalf("output: %v: %s", err, clip(p.Output))
		}
		d := out.Detections
		if d.Width != imgW || d.Height != imgH {
			t.Errorf("detections are for %dx%d, the image is %dx%d", d.Width, d.Height, imgW, imgH)
		}
		if len(d.Objects) < min {
			t.Fatalf("%d objects, want at least %d: %s", len(d.Objects), min, clip(p.Output))
		}
		for i, o := range d.Objects {
			if !slices.Contains(tinyLabels, o.Label) {
				t.Errorf("object %d: label %q is not one of %q", i, o.Label, tinyLabels)
			}
			if o.Score < threshold || o.Score > 1 {
				t.Errorf("object %d: score %v outside [%v, 1]", i, o.Score, threshold)
			}
			if i > 0 && o.Score > d.Objects[i-1].Score {
				t.Errorf("objects are not sorted by score: %v after %v", o.Score, d.Objects[i-1].Score)
			}
			if !o.Box.inside(imgW, imgH) {
				t.Errorf("object %d: box %s is not inside the %dx%d image", i, boxString(o.Box), imgW, imgH)
			}
		}
		imageAt(imgW, imgH, "")(t, r, e2e.Prediction{Output: out.Image})
	}
}

// segments wants segments whose masks are RLEs of the input's size, with
// areas and boxes that agree with them, labels from tinyLabels, and the
// overlay at the input's size.
func segments(t *testing.T, r *run, p e2e.Prediction) {
	t.Helper()
	var out struct {
		Segments struct {
			Width, Height int
			Segments      []struct {
				Label string
				Score *float64
				Area  int
				Box   *box
				Mask  struct {
					Size   []int
					Counts []int
				}
			}
		}
		Image json.RawMessage
	}
	if err := json.Unmarshal(p.Output, &out); err != nil {
		t.Fatalf("output: %v: %s", err, clip(p.Output))
	}
	s := out.Segments
	if s.Width != imgW || s.Height != imgH {
		t.Errorf("segments are for %dx%d, the image is %dx%d", s.Width, s.Height, imgW, imgH)
	}
	if len(s.Segments) == 0 {
		t.Fatal("no segments: a semantic segmenter labels every pixel")
	}
	covered := 0
	for i, seg := range s.Segments {
		if !slices.Contains(tinyLabels, seg.Label) {
			t.Errorf("segment %d: label %q is not one of %q", i, seg.Label, tinyLabels)
		}
		if seg.Score != nil && (*seg.Score < 0 || *seg.Score > 1) {
			t.Errorf("segment %d: score %v is not in [0, 1]", i, *seg.Score)
		}
		if !slices.Equal(seg.Mask.Size, []int{imgH, imgW}) {
			t.Fatalf("segment %d: mask size %v, want [%d %d] (height, width)", i, seg.Mask.Size, imgH, imgW)
		}
		total, ones := 0, 0
		for j, c := range seg.Mask.Counts {
			total += c
			if j%2 == 1 {
				ones += c
			}
		}
		if total != imgW*imgH {
			t.Errorf("segment %d: run lengths cover %d pixels, the mask has %d", i, total, imgW*imgH)
		}
		if ones != seg.Area {
			t.Errorf("segment %d: area %d, but its mask sets %d pixels", i, seg.Area, ones)
		}
		if seg.Area > 0 && (seg.Box == nil || !seg.Box.inside(imgW-1, imgH-1)) {
			t.Errorf("segment %d: box %v is not inside the image", i, seg.Box)
		}
		covered += seg.Area
	}
	if covered != imgW*imgH {
		t.Errorf("semantic segments cover %d of %d pixels", covered, imgW*imgH)
	}
	imageAt(imgW, imgH, "")(t, r, e2e.Prediction{Output: out.Image})
}

func boxString(b box) string {
	v, _ := json.Marshal(b)
	return string(v)
}

// imageAt wants one image file of w×h (and of format, when set) that
// decodes completely in the package's environment.
func imageAt(w, h int, format string) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, r *run, p e2e.Prediction) {
		t.Helper()
		m, _ := oneMedia(t, r, p)
		if m.Kind != "image" || m.Width != w || m.Height != h {
			t.Fatalf("got %s %dx%d, want an image of %dx%d", m.Kind, m.Width, m.Height, w, h)
		}
		if format != "" && m.Format != format {
			t.Fatalf("got a %s image, want %s", m.Format, format)
		}
	}
}

// zeroShot wants a score for exactly the given labels, adding up to 1.
func zeroShot(labels ...string) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, _ *run, p e2e.Prediction) {
		t.Helper()
		var got map[string]float64
		if err := json.Unmarshal(p.Output, &got); err != nil {
			t.Fatalf("output is not a map of label to score: %s", clip(p.Output))
		}
		if len(got) != len(labels) {
			t.Fatalf("got %d labels, want %q: %v", len(got), labels, got)
		}
		total := 0.0
		for _, l := range labels {
			score, ok := got[l]
			if !ok {
				t.Fatalf("no score for %q: %v", l, got)
			}
			if score < 0 || score > 1 {
				t.Errorf("score %v of %q is not a probability", score, l)
			}
			total += score
		}
		if math.Abs(total-1) > 1e-3 {
			t.Errorf("scores add up to %v, not 1", total)
		}
	}
}

// caption wants a string; one that starts with prefix when it is set (a
// conditional caption continues its prompt).
func caption(prefix string) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, _ *run, p e2e.Prediction) {
		t.Helper()
		var s string
		if err := json.Unmarshal(p.Output, &s); err != nil {
			t.Fatalf("output is not a string: %s", clip(p.Output))
		}
		if len(s) < len(prefix) || s[:len(prefix)] != prefix {
			t.Fatalf("caption %q does not start with the prompt %q", s, prefix)
		}
	}
}

// vqa wants the likeliest of answers and n scores in [0, 1], the answer's
// the highest.
func vqa(answers []string, n int) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, _ *run, p e2e.Prediction) {
		t.Helper()
		var out struct {
			Answer string
			Scores map[string]float64
		}
		if err := json.Unmarshal(p.Output, &out); err != nil {
			t.Fatalf("output: %v: %s", err, clip(p.Output))
		}
		if len(out.Scores) != n {
			t.Fatalf("%d scores, want %d: %v", len(out.Scores), n, out.Scores)
		}
		best := -1.0
		for a, s := range out.Scores {
			if !slices.Contains(answers, a) {
				t.Errorf("answer %q is not one of the model's %q", a, answers)
			}
			if s < 0 || s > 1 {
				t.Errorf("score %v of %q is not in [0, 1]", s, a)
			}
			best = math.Max(best, s)
		}
		if out.Scores[out.Answer] != best {
			t.Errorf("answer %q scores %v, but the best score is %v", out.Answer, out.Scores[out.Answer], best)
		}
	}
}
