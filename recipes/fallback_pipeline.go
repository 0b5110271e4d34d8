package recipes

import (
	"fmt"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// genericPipeline is the last resort for transformers models: a task that no
// specific recipe covers but that transformers.pipeline(task) runs gets a
// plain package around that pipeline. Its inputs follow the pipeline's
// input kind (a text, an image or an audio file, plus labels or a question
// where the task takes them) and its output is the pipeline's answer made
// JSON-safe. The README says it is generic.
type genericPipeline struct{}

// pipelineTask is one task transformers.pipeline runs with JSON output.
type pipelineTask struct {
	task string
	// kind is the main input: text, image or audio.
	kind string
	// extra is a second input: candidate_labels or question, or "".
	extra string
}

// genericTasks are the pipeline tasks of transformers 5 whose answers are
// plain data (labels, scores, boxes, text, vectors) and that no specific
// recipe of this package covers. Left out on purpose:
// tasks that answer with images or audio (image-segmentation masks,
// depth-estimation, image-to-image, mask-generation, text-to-audio), which
// cannot be JSON, and tasks whose input is not one text, image or sound
// (table-question-answering, keypoint-matching, video, any-to-any, and the
// chat-shaped image-text-to-text and OCR-dependent document-question-answering).
// transformers 5 removed the text2text-generation, summarization and
// translation pipelines (see seq2seq).
var genericTasks = []pipelineTask{
	{"feature-extraction", "text", ""},
	{"image-feature-extraction", "image", ""},
	{"object-detection", "image", ""},
	{"zero-shot-object-detection", "image", "candidate_labels"},
	{"zero-shot-image-classification", "image", "candidate_labels"},
	{"image-to-text", "image", ""},
	{"visual-question-answering", "image", "question"},
	{"audio-classification", "audio", ""},
	{"zero-shot-audio-classification", "audio", "candidate_labels"},
}

func genericTask(task string) (pipelineTask, bool) {
	for _, t := range genericTasks {
		if t.task == task {
			return t, true
		}
	}
	return pipelineTask{}, false
}

func (genericPipeline) Info() Info {
	tasks := make([]string, len(genericTasks))
	for i, t := range genericTasks {
		tasks[i] = t.task
	}
	return Info{Name: "transformers-pipeline", Tasks: tasks, Libraries: []string{"transformers"},
		Summary: "generic fallback: transformers.pipeline(task) with text, image or audio in and its JSON answer out"}
}

func (genericPipeline) Match(m *facts.Model, c Class) bool {
	_, ok := genericTask(c.Task)
	return ok && c.Library == "transformers"
}

func (genericPipeline) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "tokenizer_config.json", "preprocessor_config.json"}
}

func (r genericPipeline) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	t, _ := genericTask(c.Task)
	s := nlpPipeline{
		recipe: r.Info().Name, template: "transformers_generic_pipeline", task: t.task,
		output:  plan.Output{Type: "list", Description: fmt.Sprintf("what transformers' %s pipeline answers, as JSON", t.task)},
		purpose: "Generic pipeline predictor", doc: fmt.Sprintf("Run the %s pipeline and return its answer as JSON.", t.task),
	}
	test := map[string]any{}
	switch t.kind {
	case "text":
		s.inputs = []plan.Input{textInput("Text to run the model on.")}
		test["text"] = examplePrompt(m, "My name is Wolfgang and I live in Berlin.")
	case "image":
		s.inputs = []plan.Input{{Name: "image", Type: "Path", Description: "Image to run the model on."}}
		s.packages, s.torch = []string{"pillow"}, []string{"torchvision"}
		test["image"] = exampleMedia(m, sampleImageURL)
	case "audio":
		s.inputs = []plan.Input{{Name: "audio", Type: "Path", Description: "Audio file to run the model on (any format ffmpeg reads)."}}
		s.packages, s.torch = []string{"numpy"}, []string{"torchaudio"}
		test["audio"] = exampleMedia(m, sampleAudioURL)
	}
	switch t.extra {
	case "candidate_labels":
		s.inputs = append(s.inputs, plan.Input{Name: "candidate_labels", Type: "str", Description: "Labels to score, separated by commas."})
		test["candidate_labels"] = "cat, dog, bird"
	case "question":
		s.inputs = append(s.inputs, plan.Input{Name: "question", Type: "str", Description: "Question about the image."})
		test["question"] = "What animal is in the picture?"
	}
	s.tests = []plan.TestCase{{Inputs: test}}
	p, err := pipelinePlan(m, c, o, s)
	if err != nil {
		return nil, err
	}
	if t.kind == "audio" {
		// The pipeline decodes audio files with ffmpeg.
		p.SystemPackages = []string{"ffmpeg"}
	}
	p.Vars["Kind"] = t.kind
	p.Vars["Extra"] = t.extra
	p.Warn(fmt.Sprintf("generic package: no cogport recipe covers %s yet, so this one calls transformers.pipeline(%q) with generic inputs and returns its answer as JSON; check the inputs and output before publishing", t.task, t.task))
	return p, nil
}
