package recipes

import (
	"fmt"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// audioClassification covers transformers audio classifiers (AST, wav2vec2
// and HuBERT heads, ...): an audio file in, the likeliest labels with their
// scores out, through the audio-classification pipeline. predict() decodes
// the file itself with ffmpeg, resampled to the model's rate, and hands the
// pipeline the samples: that input form means the same in every
// transformers release, while file names are decoded by whatever the
// release prefers (torchcodec in recent ones, when it is installed).
type audioClassification struct{}

func (audioClassification) Info() Info {
	return Info{Name: "transformers-audio-classification", Tasks: []string{"audio-classification"}, Libraries: []string{"transformers"},
		Summary: "audio classifiers: audio file in, top labels and scores out"}
}

func (audioClassification) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "audio-classification"
}

func (audioClassification) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "preprocessor_config.json"}
}

func (r audioClassification) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	p := base(m, c, o, r.Info().Name, "transformers_audio_classification")
	if _, err := useModel(p, m, c, o, false, "float32", nil,
		"transformers", "safetensors", "huggingface-hub", "numpy"); err != nil {
		return nil, err
	}
	if err := usePipeline(p, m, o, "audio-classification", "dtype=self.dtype", "device=self.device"); err != nil {
		return nil, err
	}
	// predict() decodes audio files with the ffmpeg command.
	p.SystemPackages = []string{"ffmpeg"}
	labels := labelCount(m, 2)
	p.Inputs = []plan.Input{
		{Name: "audio", Type: "Path", Description: "Audio file to classify (any format ffmpeg reads)."},
		topKInput(labels, "labels"),
	}
	p.Output = plan.Output{Type: "dict", Description: "label → score, likeliest first"}
	p.Vars["Purpose"] = "Audio-classification predictor"
	p.Vars["Doc"] = "Classify an audio file: the top_k labels with their scores."
	p.Deterministic = true
	k := min(int64(2), labels)
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"audio": exampleMedia(m, sampleAudioURL), "top_k": k},
		Checker: "jq_query", Expect: fmt.Sprintf("length == %d", k)}}
	return p, nil
}
