//go:build runtime

package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cogport/cogport/e2e"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

// The labels the tiny models' configs give (tiny/make_nlp.py).
var (
	sentimentLabels = []string{"NEGATIVE", "POSITIVE"}
	nerTags         = []string{"B-PER", "I-PER", "B-LOC", "I-LOC"}
	nerGroups       = []string{"PER", "LOC"}
)

// TestTextClassification: every label of the config with a softmax score,
// and a clear error for empty text.
func TestTextClassification(t *testing.T) {
	runHF(t, hfCase{
		name:   "tiny-sentiment",
		stack:  "transformers",
		kind:   "text-classification",
		model:  hubtest.Model{PipelineTag: "text-classification", LibraryName: "transformers"},
		recipe: "transformers-text-classification",
		calls: []call{
			{name: "defaults", input: map[string]any{"text": "the cat sat on the mat"}, check: labelScores(sentimentLabels, true)},
			{name: "long text truncated", input: map[string]any{"text": strings.Repeat("hello world ", 200)}, check: labelScores(sentimentLabels, true)},
			{name: "empty text", input: map[string]any{"text": " "}, wantErr: "text is empty"},
			{name: "missing input", input: map[string]any{}, wantErr: "text"},
		},
	})
}

// TestTokenClassification: entities whose tags come from the config, whose
// offsets point at their words in the text, for every aggregation.
func TestTokenClassification(t *testing.T) {
	text := "My name is Wolfgang and I live in Berlin"
	calls := []call{
		{name: "defaults", input: map[string]any{"text": text}, check: entitiesCheck(text, nerGroups)},
		{name: "none", input: map[string]any{"text": text, "aggregation_strategy": "none"}, check: entitiesCheck(text, nerTags)},
		{name: "empty text", input: map[string]any{"text": "  "}, wantErr: "text is empty"},
		{name: "unknown strategy", input: map[string]any{"text": text, "aggregation_strategy": "best"}, wantErr: "aggregation_strategy"},
	}
	for _, s := range []string{"simple", "first", "average", "max"} {
		calls = append(calls, call{name: s, input: map[string]any{"text": text, "aggregation_strategy": s}, check: entitiesCheck(text, nerGroups)})
	}
	runHF(t, hfCase{
		name:   "tiny-ner",
		stack:  "transformers",
		kind:   "token-classification",
		model:  hubtest.Model{PipelineTag: "token-classification", LibraryName: "transformers"},
		recipe: "transformers-token-classification",
		calls:  calls,
	})
}

// TestZeroShotClassification: a score for each label given, shared out
// (adding up to 1) unless multi_label, and clear errors for no labels and a
// template without {}.
func TestZeroShotClassification(t *testing.T) {
	labels := []string{"urgent", "not urgent", "phone"}
	runHF(t, hfCase{
		name:   "tiny-nli",
		stack:  "transformers",
		kind:   "zero-shot-classification",
		model:  hubtest.Model{PipelineTag: "zero-shot-classification", LibraryName: "transformers"},
		recipe: "transformers-zero-shot-classification",
		calls: []call{
			{name: "defaults", input: map[string]any{"text": "the cat sat on the mat", "candidate_labels": "urgent, not urgent ,phone,"}, check: labelScores(labels, true)},
			{name: "every option", input: map[string]any{
				"text": "the cat sat on the mat", "candidate_labels": "urgent,not urgent,phone",
				"multi_label": true, "hypothesis_template": "The topic is {}.",
			}, check: labelScores(labels, false)},
			{name: "one label multi", input: map[string]any{"text": "hello", "candidate_labels": "phone", "multi_label": true}, check: labelScores([]string{"phone"}, false)},
			{name: "no labels", input: map[string]any{"text": "hello", "candidate_labels": " , "}, wantErr: "candidate_labels is empty"},
			{name: "template without braces", input: map[string]any{"text": "hello", "candidate_labels": "a,b", "hypothesis_template": "no slot"}, wantErr: "hypothesis_template"},
			{name: "empty text", input: map[string]any{"text": " ", "candidate_labels": "a,b"}, wantErr: "text is empty"},
		},
	})
}

// TestQuestionAnswering: an answer that is the context between its
// offsets, no longer than max_answer_length tokens allow, and clear errors
// for an empty question or context.
func TestQuestionAnswering(t *testing.T) {
	context := "My name is Wolfgang and I live in Berlin."
	// The tiny model reads 64 tokens, most letters one token each: this
	// context spans many overlapping windows.
	long := strings.Repeat("The cat sat on the mat. ", 20) + context
	runHF(t, hfCase{
		name:   "tiny-squad",
		stack:  "transformers",
		kind:   "question-answering",
		model:  hubtest.Model{PipelineTag: "question-answering", LibraryName: "transformers"},
		recipe: "transformers-question-answering",
		calls: []call{
			{name: "defaults", input: map[string]any{"question": "Where do I live?", "context": context}, check: answerCheck(context, 15)},
			{name: "short answers", input: map[string]any{"question": "Where do I live?", "context": context, "max_answer_length": 1}, check: answerCheck(context, 1)},
			{name: "context over many windows", input: map[string]any{"question": "Where do I live?", "context": long}, check: answerCheck(long, 15)},
			{name: "question too long", input: map[string]any{"question": strings.Repeat("where ", 40), "context": context}, wantErr: "question is too long"},
			{name: "empty question", input: map[string]any{"question": " ", "context": context}, wantErr: "question is empty"},
			{name: "empty context", input: map[string]any{"question": "Where?", "context": ""}, wantErr: "context is empty"},
			{name: "max_answer_length out of range", input: map[string]any{"question": "Where?", "context": context, "max_answer_length": 0}, wantErr: "max_answer_length"},
		},
	})
}

// TestFillMask: top_k fillers from the vocabulary, scores sorted, each
// sequence the text with the filler in place of the mask, and a clear error
// without the mask.
func TestFillMask(t *testing.T) {
	runHF(t, hfCase{
		name:   "tiny-bert-uncased",
		stack:  "transformers",
		kind:   "fill-mask",
		model:  hubtest.Model{PipelineTag: "fill-mask", LibraryName: "transformers"},
		recipe: "transformers-fill-mask",
		calls: []call{
			{name: "defaults", input: map[string]any{"text": "paris is the [MASK] of the world."}, check: fillersCheck(5)},
			{name: "top_k", input: map[string]any{"text": "the cat sat on the [MASK].", "top_k": 2}, check: fillersCheck(2)},
			{name: "no mask", input: map[string]any{"text": "the cat sat on the mat."}, wantErr: "mask token"},
			{name: "two masks", input: map[string]any{"text": "[MASK] sat on the [MASK]."}, wantErr: "exactly once"},
			{name: "top_k out of range", input: map[string]any{"text": "the [MASK].", "top_k": 0}, wantErr: "top_k"},
		},
	})
}

// labelScores wants a JSON object whose keys are exactly labels, each score
// in [0,1], adding up to 1 when shared.
func labelScores(labels []string, shared bool) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, _ *run, p e2e.Prediction) {
		t.Helper()
		var scores map[string]float64
		if err := json.Unmarshal(p.Output, &scores); err != nil {
			t.Fatalf("output is not an object of label scores: %s", clip(p.Output))
		}
		var keys []string
		var sum float64
		for k, s := range scores {
			keys = append(keys, k)
			checkScore(t, k, s)
			sum += s
		}
		sort.Strings(keys)
		want := slices.Clone(labels)
		sort.Strings(want)
		if !slices.Equal(keys, want) {
			t.Fatalf("labels %q, want %q", keys, want)
		}
		if shared && math.Abs(sum-1) > 1e-3 {
			t.Fatalf("shared scores add up to %v, not 1: %s", sum, clip(p.Output))
		}
	}
}

// checkScore fails unless s is a probability.
func checkScore(t *testing.T, what string, s float64) {
	t.Helper()
	if math.IsNaN(s) || s < 0 || s > 1 {
		t.Fatalf("score of %s is %v, not in [0,1]", what, s)
	}
}

// entitiesCheck wants at least one entity (the tiny model is biased away
// from O), each with a tag from tags, a score, and offsets in text whose
// span is the entity's word (lowercased by the uncased tokenizer; WordPiece
// continuation marks and spaces aside).
func entitiesCheck(text string, tags []string) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, _ *run, p e2e.Prediction) {
		t.Helper()
		var ents []struct {
			Entity, Word string
			Score        float64
			Start, End   int
		}
		if err := json.Unmarshal(p.Output, &ents); err != nil {
			t.Fatalf("output is not a list of entities: %s", clip(p.Output))
		}
		if len(ents) == 0 {
			t.Fatal("no entities")
		}
		for _, e := range ents {
			if !slices.Contains(tags, e.Entity) {
				t.Fatalf("entity tag %q is none of %q", e.Entity, tags)
			}
			checkScore(t, e.Word, e.Score)
			if e.Start < 0 || e.Start >= e.End || e.End > len(text) {
				t.Fatalf("offsets [%d,%d) outside the text", e.Start, e.End)
			}
			span := strings.ToLower(strings.ReplaceAll(text[e.Start:e.End], " ", ""))
			word := strings.ReplaceAll(strings.ReplaceAll(e.Word, "##", ""), " ", "")
			if span != word {
				t.Fatalf("entity %q at [%d,%d) but the text there is %q", e.Word, e.Start, e.End, text[e.Start:e.End])
			}
		}
	}
}

// answerCheck wants a non-empty answer that is context[start:end], of at
// most maxTokens words' worth of characters, with a probability score.
func answerCheck(context string, maxTokens int) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, _ *run, p e2e.Prediction) {
		t.Helper()
		var a struct {
			Answer     string
			Score      float64
			Start, End int
		}
		if err := json.Unmarshal(p.Output, &a); err != nil {
			t.Fatalf("output is not an answer: %s", clip(p.Output))
		}
		checkScore(t, "the answer", a.Score)
		if a.Start < 0 || a.Start >= a.End || a.End > len(context) {
			t.Fatalf("offsets [%d,%d) outside the context", a.Start, a.End)
		}
		if context[a.Start:a.End] != a.Answer {
			t.Fatalf("answer %q, but the context at [%d,%d) is %q", a.Answer, a.Start, a.End, context[a.Start:a.End])
		}
		// A token of this vocabulary is a word or a single character.
		if maxTokens == 1 && len(a.Answer) > len("wolfgang") {
			t.Fatalf("answer %q is longer than one token", a.Answer)
		}
	}
}

// fillersCheck wants n fillers, scores in [0,1] from best to worst, each
// sequence holding its filler.
func fillersCheck(n int) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, _ *run, p e2e.Prediction) {
		t.Helper()
		var fs []struct {
			Token, Sequence string
			Score           float64
		}
		if err := json.Unmarshal(p.Output, &fs); err != nil {
			t.Fatalf("output is not a list of fillers: %s", clip(p.Output))
		}
		if len(fs) != n {
			t.Fatalf("got %d fillers, want %d", len(fs), n)
		}
		for i, f := range fs {
			checkScore(t, f.Token, f.Score)
			if i > 0 && f.Score > fs[i-1].Score {
				t.Fatalf("fillers not sorted by score: %s", clip(p.Output))
			}
			// A WordPiece continuation (##u) joins the word before it.
			token := strings.ReplaceAll(strings.TrimPrefix(f.Token, "##"), " ", "")
			if token == "" || strings.Contains(f.Sequence, "[MASK]") ||
				!strings.Contains(strings.ReplaceAll(f.Sequence, " ", ""), token) {
				t.Fatalf("filler %q does not fill the sequence %q", f.Token, f.Sequence)
			}
		}
	}
}

// TestSeq2Seq: a T5 with task prefixes in its config writes text for every
// task, greedy decoding is repeatable, and empty, unknown-task and too long
// inputs are refused clearly.
func TestSeq2Seq(t *testing.T) {
	var greedy string
	sameGreedy := func(t *testing.T, _ *run, p e2e.Prediction) {
		text := textOutput(t, p)
		if greedy == "" {
			greedy = text
		} else if text != greedy {
			t.Fatalf("greedy decoding gave two texts:\n%q\n%q", greedy, text)
		}
	}
	someText := func(t *testing.T, _ *run, p e2e.Prediction) { textOutput(t, p) }
	runHF(t, hfCase{
		name:   "tiny-t5",
		stack:  "transformers",
		kind:   "seq2seq",
		model:  hubtest.Model{PipelineTag: "text2text-generation", LibraryName: "transformers"},
		recipe: "transformers-seq2seq",
		calls: []call{
			{name: "defaults", input: map[string]any{"text": "hello world"}, check: someText},
			{name: "summarization", input: map[string]any{"text": "the cat sat on the mat", "task": "summarization", "max_new_tokens": 8, "num_beams": 2}, check: someText},
			{name: "greedy", input: map[string]any{"text": "hello world", "task": "none", "max_new_tokens": 6, "num_beams": 1}, check: sameGreedy},
			{name: "greedy again", input: map[string]any{"text": "hello world", "task": "none", "max_new_tokens": 6, "num_beams": 1}, check: sameGreedy},
			{name: "empty text", input: map[string]any{"text": " "}, wantErr: "text is empty"},
			{name: "unknown task", input: map[string]any{"text": "hello", "task": "en_to_xx"}, wantErr: "task"},
			{name: "too long", input: map[string]any{"text": strings.Repeat("hello world ", 600)}, wantErr: "reads at most"},
		},
	})
}

// TestGenericPipeline: a bare encoder falls back to the generic recipe,
// whose feature-extraction pipeline answers a vector of the model's width
// per token, as JSON.
func TestGenericPipeline(t *testing.T) {
	runHF(t, hfCase{
		name:   "tiny-bert-encoder",
		stack:  "transformers",
		kind:   "feature-extraction",
		model:  hubtest.Model{PipelineTag: "feature-extraction", LibraryName: "transformers"},
		recipe: "transformers-pipeline",
		calls: []call{
			{name: "defaults", input: map[string]any{"text": "hello world"}, check: tokenVectors(32)},
			{name: "empty text", input: map[string]any{"text": " "}, wantErr: "text"},
			{name: "missing input", input: map[string]any{}, wantErr: "text"},
		},
	})
}

// tokenVectors wants the pipeline's [[vector per token]] for one text:
// at least the two special tokens, each of width finite floats.
func tokenVectors(width int) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, _ *run, p e2e.Prediction) {
		t.Helper()
		var out [][][]float64
		if err := json.Unmarshal(p.Output, &out); err != nil {
			t.Fatalf("output is not [[[float]]]: %s", clip(p.Output))
		}
		if len(out) != 1 || len(out[0]) < 3 {
			t.Fatalf("want one text of at least 3 token vectors, got %s", clip(p.Output))
		}
		for _, v := range out[0] {
			if len(v) != width {
				t.Fatalf("a token vector has %d dimensions, want %d", len(v), width)
			}
			for _, x := range v {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("a token vector holds %v", x)
				}
			}
		}
	}
}

// textOutput wants a non-empty string.
func textOutput(t *testing.T, p e2e.Prediction) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(p.Output, &s); err != nil {
		t.Fatalf("output is not a string: %s", clip(p.Output))
	}
	if strings.TrimSpace(s) == "" {
		t.Fatal("the output text is empty")
	}
	return s
}

// streamText wants a stream of more than one chunk whose concatenation is
// a non-empty text; it returns the text for comparisons.
func streamText(t *testing.T, p e2e.Prediction) string {
	t.Helper()
	var chunks []string
	if err := json.Unmarshal(p.Output, &chunks); err != nil {
		t.Fatalf("output is not a stream of strings: %s", clip(p.Output))
	}
	if len(chunks) < 2 {
		t.Fatalf("the stream came as %d chunk(s), want several: %s", len(chunks), clip(p.Output))
	}
	text := strings.Join(chunks, "")
	if strings.TrimSpace(text) == "" {
		t.Fatal("the stream's text is empty")
	}
	return text
}

// TestTextGeneration: a chat model streams more than one chunk, greedy
// decoding gives the same text twice, the system prompt changes it, a
// prompt over the context is refused, and a cancelled stream stops.
func TestTextGeneration(t *testing.T) {
	var greedy string
	sameGreedy := func(t *testing.T, _ *run, p e2e.Prediction) {
		text := streamText(t, p)
		if greedy == "" {
			greedy = text
		} else if text != greedy {
			t.Fatalf("greedy decoding gave two texts:\n%q\n%q", greedy, text)
		}
	}
	r := runHF(t, hfCase{
		name:   "tiny-chat",
		stack:  "transformers",
		kind:   "text-generation",
		model:  hubtest.Model{PipelineTag: "text-generation", LibraryName: "transformers", Tags: []string{"conversational"}},
		recipe: "transformers-text-generation",
		calls: []call{
			{name: "defaults", input: map[string]any{"prompt": "tell me a story"}, check: func(t *testing.T, _ *run, p e2e.Prediction) { streamText(t, p) }},
			{name: "greedy", input: map[string]any{"prompt": "hello world", "max_new_tokens": 20, "temperature": 0}, check: sameGreedy},
			{name: "greedy again", input: map[string]any{"prompt": "hello world", "max_new_tokens": 20, "temperature": 0, "seed": 3}, check: sameGreedy},
			{name: "every option", input: map[string]any{
				"prompt": "hello world", "system_prompt": "be brief", "max_new_tokens": 12,
				"temperature": 1.2, "top_p": 0.5, "top_k": 5, "seed": 7,
			}, check: func(t *testing.T, _ *run, p e2e.Prediction) { streamText(t, p) }},
			{name: "over the context", input: map[string]any{"prompt": "hello", "max_new_tokens": 4096}, wantErr: "exceed the context"},
			{name: "max_new_tokens out of range", input: map[string]any{"prompt": "hello", "max_new_tokens": 0}, wantErr: "max_new_tokens"},
		},
	})
	t.Run("cancel", func(t *testing.T) { cancelStream(t, r) })
}

// cancelStream starts a long stream asynchronously, cancels it once text
// has come, and wants it cancelled with fewer tokens than asked for, and
// the server free for the next prediction at once.
func cancelStream(t *testing.T, r *run) {
	ctx, done := context.WithTimeout(context.Background(), 3*time.Minute)
	defer done()
	id := fmt.Sprintf("cancel%d", time.Now().UnixNano())
	const asked = 4000
	hook := e2e.NewWebhook()
	defer hook.Close()
	started, err := r.server.Start(ctx, id, map[string]any{"prompt": "tell me a story", "max_new_tokens": asked, "temperature": 0}, hook.URL)
	if err != nil {
		t.Fatal(err)
	}
	if started.HTTPStatus >= 300 {
		t.Fatalf("starting the stream: HTTP %d: %s", started.HTTPStatus, clip(started.Body))
	}
	p := waitHook(ctx, t, hook, func(p e2e.Prediction) bool {
		// Nothing received yet has no status.
		return p.Status != "" && (len(p.Output) > 2 || p.Status != "processing" && p.Status != "starting")
	})
	if p.Status != "processing" {
		t.Fatalf("the stream ended (%s) before it could be cancelled: HTTP %d %s", p.Status, p.HTTPStatus, clip(p.Body))
	}
	if _, err := r.server.Cancel(ctx, id); err != nil {
		t.Fatal(err)
	}
	p = waitHook(ctx, t, hook, func(p e2e.Prediction) bool { return p.Status != "processing" })
	if p.Status != "canceled" {
		t.Fatalf("status %s after cancel, want canceled", p.Status)
	}
	var chunks []string
	_ = json.Unmarshal(p.Output, &chunks)
	if len(chunks) >= asked {
		t.Fatalf("the cancelled stream still made %d chunks", len(chunks))
	}
	start := time.Now()
	next := r.predict(t, map[string]any{"prompt": "hello", "max_new_tokens": 5, "temperature": 0})
	if next.Status != "succeeded" {
		t.Fatalf("the prediction after a cancel: %s %s", next.Status, next.Error)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("the prediction after a cancel took %v: generation went on", d)
	}
}

// waitHook waits until the state the webhook received satisfies ok.
func waitHook(ctx context.Context, t *testing.T, hook *e2e.Webhook, ok func(e2e.Prediction) bool) e2e.Prediction {
	t.Helper()
	p, err := hook.WaitFor(ctx, ok)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// peftBaseID is where the peft case serves the adapter's base model, as
// the adapter's config names it (tiny/make_nlp.py PEFT_BASE_ID).
const peftBaseID = "cogport-tiny/peft-base"

// TestPeftAdapter serves a tiny GPT-2 and a LoRA adapter over it from the
// Hub test server; the package downloads both, applies the adapter and
// streams text like the text-generation recipe.
func TestPeftAdapter(t *testing.T) {
	requireTools(t)
	c := hfCase{name: "tiny-lora", recipe: "peft-adapter"}
	baseDir, err := e2e.MakeTiny("transformers", "text-generation")
	if err != nil {
		t.Fatalf("making the base model: %v", err)
	}
	adapterDir, err := e2e.MakeTiny("transformers", "peft-lora")
	if err != nil {
		t.Fatalf("making the adapter: %v", err)
	}
	base, err := hubtest.ModelFromDir(peftBaseID, hubSHA, baseDir)
	if err != nil {
		t.Fatal(err)
	}
	base.PipelineTag, base.LibraryName, base.Tags = "text-generation", "transformers", []string{"conversational"}
	// The Hub's model info carries config.json's architectures.
	base.Config = map[string]any{"architectures": []string{"GPT2LMHeadModel"}, "model_type": "gpt2"}
	adapter, err := hubtest.ModelFromDir("cogport-tiny/"+c.name, "89abcdef0123456789abcdef0123456789abcdef", adapterDir)
	if err != nil {
		t.Fatal(err)
	}
	adapter.PipelineTag, adapter.LibraryName = "text-generation", "peft"
	adapter.Tags = []string{"base_model:adapter:" + peftBaseID}
	hub := hubtest.NewServer(t, hubtest.WithModel(base), hubtest.WithModel(adapter))
	dir := packageHF(t, hub, adapter.ID, c)
	r := install(t, dir)
	r.hub = hub
	r.server = serve(t, r, []string{"HF_ENDPOINT=" + hub.URL}, serveOptions{online: true})
	for _, cl := range []call{
		{name: "defaults", input: map[string]any{"prompt": "tell me a story"}, check: func(t *testing.T, _ *run, p e2e.Prediction) { streamText(t, p) }},
		{name: "every option", input: map[string]any{
			"prompt": "hello world", "system_prompt": "be brief", "max_new_tokens": 12,
			"temperature": 0.8, "top_p": 0.9, "top_k": 10, "seed": 1,
		}, check: func(t *testing.T, _ *run, p e2e.Prediction) { streamText(t, p) }},
		{name: "max_new_tokens out of range", input: map[string]any{"prompt": "hello", "max_new_tokens": 0}, wantErr: "max_new_tokens"},
	} {
		t.Run(cl.name, func(t *testing.T) { r.call(t, cl) })
	}
	t.Run("safe-push cases", func(t *testing.T) { r.safePush(t) })
}
