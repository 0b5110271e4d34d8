package recipes

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/generators/pyfmt"
	"github.com/cogport/cogport/plan"
)

// seq2seq covers encoder-decoder language models (T5, BART, Marian,
// Pegasus, ...) for text2text-generation, summarization and translation.
// transformers 5 removed those pipelines, so the package tokenizes and
// calls generate() itself.
//
// The output is a plain str, not a stream: these models are run with beam
// search (T5's and BART's configs ask for 4 beams), which transformers
// cannot stream, and a summary or translation is read whole. Without
// sampling the output is deterministic, so cog-safe-push can compare it.
type seq2seq struct{}

func (seq2seq) Info() Info {
	return Info{Name: "transformers-seq2seq", Tasks: []string{"text2text-generation", "summarization", "translation"},
		Libraries: []string{"transformers"},
		Summary:   "encoder-decoder models (T5, BART, Marian): text in, generated text out, with the config's task prefixes"}
}

func (seq2seq) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && seq2seqTasks[c.Task] && isSeq2SeqLM(m)
}

// isSeq2SeqLM tells an encoder-decoder language model from the vision and
// speech encoder-decoders that share the ForConditionalGeneration suffix.
func isSeq2SeqLM(m *facts.Model) bool {
	if m.TransformersInfo.AutoModel != "" {
		return m.TransformersInfo.AutoModel == "AutoModelForSeq2SeqLM"
	}
	return seq2seqTypes[configModelType(m)]
}

func (seq2seq) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "generation_config.json", "tokenizer_config.json"}
}

func (r seq2seq) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	p := base(m, c, o, r.Info().Name, "transformers_seq2seq")
	if err := planSeq2Seq(p, m, m, c, o); err != nil {
		return nil, err
	}
	return p, nil
}

// planSeq2Seq fills p for the model whose weights and configs are wm (the
// model itself, or an adapter's base); card examples come from card.
func planSeq2Seq(p *plan.Plan, wm, card *facts.Model, c Class, o Options) error {
	if _, err := useWeights(p, wm, Classify(wm), o, ""); err != nil {
		return err
	}
	gpu := !runsOnCPU(wm, p)
	if err := useStack(p, transformersStack, gpu, nil, append([]string{"accelerate"}, textPackages...)...); err != nil {
		return err
	}
	tasks := taskPrefixes(wm)
	task := defaultTask(tasks, c.Task)
	params := cfg(wm, "config.json", "task_specific_params."+gjsonKey(task))
	p.Inputs = seq2seqInputs(wm, c, tasks, task, params)
	p.Output = plan.Output{Type: "str", Description: seq2seqOutput[c.Task]}
	// The dtype on a GPU (the CPU runs float32 whatever it is). T5 was
	// trained in bfloat16 and overflows in float16, so a GPU loads float16
	// only when the config says the weights are float16.
	p.Vars["Dtype"] = map[bool]string{true: halfDtype(wm), false: "float32"}[gpu]
	p.Vars["InputLength"] = inputLength(wm)
	p.Vars["Tasks"] = len(tasks) > 0
	trust := useRemoteCode(p, wm, o)
	p.Vars["TokenizerArgs"] = remoteCodeArgs([]string{"model_dir"}, trust)
	p.Vars["ModelArgs"] = remoteCodeArgs([]string{"model_dir", "dtype=self.dtype", "device_map=self.device"}, trust)
	p.Vars["Adapter"] = false
	p.Vars["Gated"] = false
	p.Vars["Purpose"] = "Sequence-to-sequence predictor"
	p.Vars["Doc"] = seq2seqDoc[c.Task]
	p.Deterministic = true
	test := map[string]any{"text": examplePrompt(card, seq2seqExample(task, c.Task))}
	if len(tasks) > 0 {
		test["task"] = taskChoice(task)
	}
	p.Tests = []plan.TestCase{{Inputs: test}, {Inputs: map[string]any{"text": " "}, Checker: "error_contains", Expect: "text is empty"}}
	if p.Weights.Gated {
		addTokenInput(p)
	}
	return nil
}

var (
	seq2seqOutput = map[string]string{"translation": "the translation", "summarization": "the summary", "text2text-generation": "the generated text"}
	seq2seqDoc    = map[string]string{"translation": "Translate a text.", "summarization": "Summarize a text.", "text2text-generation": "Generate text from a text."}
)

// taskPrefixes are the tasks config.json's task_specific_params give a
// prefix for ("translation_en_to_de": "translate English to German: "),
// sorted by name.
func taskPrefixes(m *facts.Model) map[string]string {
	out := map[string]string{}
	cfg(m, "config.json", "task_specific_params").ForEach(func(k, v gjson.Result) bool {
		if prefix := v.Get("prefix").String(); prefix != "" {
			out[k.String()] = prefix
		}
		return true
	})
	return out
}

// defaultTask is the prefix task that matches the model's pipeline task
// (the first translation pair for a translation model), else the first.
func defaultTask(tasks map[string]string, task string) string {
	names := sortedKeys(tasks)
	for _, n := range names {
		if strings.HasPrefix(n, task) {
			return n
		}
	}
	if len(names) > 0 {
		return names[0]
	}
	return ""
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// gjsonKey escapes a JSON key for use in a gjson path.
func gjsonKey(k string) string {
	r := strings.NewReplacer(".", `\.`, "*", `\*`, "?", `\?`)
	return r.Replace(k)
}

func seq2seqInputs(m *facts.Model, c Class, tasks map[string]string, task string, params gjson.Result) []plan.Input {
	ctx := contextLength(m)
	maxNew := firstPositive(params.Get("max_length").Int(), cfg(m, "generation_config.json", "max_new_tokens").Int(), 256)
	beams := firstPositive(params.Get("num_beams").Int(), cfg(m, "generation_config.json", "num_beams").Int(), 1)
	ins := []plan.Input{textInput(seq2seqText[c.Task])}
	if len(tasks) > 0 {
		ins = append(ins, taskInput(tasks, task))
	}
	return append(ins,
		plan.Input{Name: "max_new_tokens", Type: "int", Default: min(maxNew, ctx), Ge: plan.F(1), Le: plan.F(float64(ctx)),
			Description: "Maximum number of tokens to generate."},
		plan.Input{Name: "num_beams", Type: "int", Default: min(beams, 16), Ge: plan.F(1), Le: plan.F(16),
			Description: "Beam search width: more beams find likelier outputs but take longer; 1 is greedy decoding."},
	)
}

// taskInput offers the config's tasks by name, translation pairs without
// their translation_ prefix (en_to_de), plus none for the bare text.
func taskInput(tasks map[string]string, task string) plan.Input {
	choices := []any{}
	var names, parts []string
	for _, key := range sortedKeys(tasks) {
		name := taskChoice(key)
		choices = append(choices, name)
		names = append(names, pyfmt.Str(name))
		parts = append(parts, fmt.Sprintf("%s adds %q", name, tasks[key]))
	}
	choices = append(choices, "none")
	in := plan.Input{Name: "task", Type: "str", Default: taskChoice(task), Choices: choices,
		Description: "Task from the model's config; each puts its prefix before the text (" +
			strings.Join(parts, "; ") + "). none sends the text as it is."}
	// The generator writes choices on one line, which black splits when it
	// is too long; then predict() checks the name itself.
	if width := 12 + len(`choices=[`) + len(strings.Join(names, ", ")) + len(`, "none"],`); width > 88 {
		in.Choices = nil
	}
	return in
}

// taskChoice is the name a config task is offered as.
func taskChoice(key string) string { return strings.TrimPrefix(key, "translation_") }

var seq2seqText = map[string]string{
	"translation":          "Text to translate.",
	"summarization":        "Text to summarize.",
	"text2text-generation": "Input text: an instruction, a question or a text to transform.",
}

func seq2seqExample(task, pipelineTask string) string {
	switch {
	case strings.HasPrefix(task, "translation"), pipelineTask == "translation":
		return "The house is wonderful."
	case task == "summarization", pipelineTask == "summarization":
		return "The tower is 324 metres tall, about the same height as an 81-storey building, and the tallest structure in Paris. Its base is square, measuring 125 metres on each side. During its construction, the Eiffel Tower surpassed the Washington Monument to become the tallest man-made structure in the world."
	}
	return "Translate to German: How old are you?"
}

// inputLength is how many tokens the encoder reads: the tokenizer's
// model_max_length when it is set (unset ones are a huge sentinel), else
// the model's position count.
func inputLength(m *facts.Model) int64 {
	if n := cfg(m, "tokenizer_config.json", "model_max_length").Int(); n > 0 && n < 1_000_000 {
		return n
	}
	return contextLength(m)
}

// halfDtype is the half-precision dtype for a GPU: the config's float16 or
// bfloat16, else bfloat16.
func halfDtype(m *facts.Model) string {
	if d := modelDtype(m, "bfloat16"); d != "float32" {
		return d
	}
	return "bfloat16"
}

func firstPositive(vals ...int64) int64 {
	for _, v := range vals {
		if v > 0 {
			return v
		}
	}
	return 0
}
