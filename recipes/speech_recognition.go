package recipes

import (
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// speechRecognition covers transformers speech-to-text models: Whisper (with
// task and language) and CTC models such as wav2vec2, through transformers'
// pipeline, which chunks long audio. predict() decodes the file itself with
// ffmpeg, at the model's sampling rate, and hands the pipeline the samples
// (as audio classification does): given a file name, recent transformers
// releases decode with torchcodec, which the package does not install.
type speechRecognition struct{}

func (speechRecognition) Info() Info {
	return Info{Name: "transformers-speech-recognition", Tasks: []string{"automatic-speech-recognition"}, Libraries: []string{"transformers"},
		Summary: "Whisper and CTC speech recognition: audio file in, transcript with timestamps out"}
}

func (speechRecognition) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "automatic-speech-recognition"
}

func (speechRecognition) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "generation_config.json", "preprocessor_config.json"}
}

// A multilingual Whisper vocabulary has 51865 tokens or more; the
// English-only checkpoints have 51864 and know no task or language.
const whisperMultilingualVocab = 51865

func (r speechRecognition) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	p := base(m, c, o, r.Info().Name, "transformers_speech_recognition")
	if _, err := useWeights(p, m, c, o, ""); err != nil {
		return nil, err
	}
	if err := useStack(p, transformersStack, true, []string{"torchaudio"},
		"transformers", "accelerate", "safetensors", "tokenizers", "huggingface-hub", "numpy"); err != nil {
		return nil, err
	}
	if err := usePipeline(p, m, o, "automatic-speech-recognition", "dtype=self.dtype", "device=self.device"); err != nil {
		return nil, err
	}
	// predict() decodes audio files with the ffmpeg command.
	p.SystemPackages = []string{"ffmpeg"}
	whisper := modelType(m) == "whisper" || c.Architecture == "WhisperForConditionalGeneration"
	multilingual := whisper && cfg(m, "config.json", "vocab_size").Int() >= whisperMultilingualVocab
	timestamps := asrTimestamps(whisper, c.Architecture)
	p.Inputs = []plan.Input{{Name: "audio", Type: "Path", Description: "Audio file to transcribe (any format ffmpeg reads)."}}
	if multilingual {
		p.Inputs = append(p.Inputs,
			plan.Input{Name: "task", Type: "str", Default: "transcribe", Choices: []any{"transcribe", "translate"},
				Description: "transcribe keeps the spoken language; translate writes English."},
			plan.Input{Name: "language", Type: "str", Default: "",
				Description: "Spoken language, such as english or fr; empty to detect it."})
	}
	if timestamps != "" {
		p.Inputs = append(p.Inputs, plan.Input{Name: "return_timestamps", Type: "bool", Default: false,
			Description: "Also return each " + timestamps + " with its start and end time in seconds."})
	}
	p.Output = plan.Output{Type: "dict", Description: "text, and chunks with start and end times when asked"}
	p.Vars["Whisper"] = multilingual
	p.Vars["Timestamps"] = timestamps
	p.Vars["Dtype"] = "float16"
	p.Vars["ChunkLength"] = settingInt(m, "chunk_length_s", 30)
	p.Vars["Purpose"] = "Speech-recognition predictor"
	p.Vars["Doc"] = "Transcribe an audio file."
	p.Deterministic = true
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"audio": exampleMedia(m, sampleAudioURL)},
		Checker: "jq_query", Expect: `.text | length > 0`}}
	return p, nil
}

// asrTimestamps is what the pipeline can time: Whisper the segments it
// writes, CTC models each word; other sequence-to-sequence models nothing
// (the pipeline refuses return_timestamps for them).
func asrTimestamps(whisper bool, arch string) string {
	switch {
	case whisper:
		return "segment"
	case strings.HasSuffix(arch, "ForCTC"):
		return "word"
	}
	return ""
}

// Public samples from Hugging Face's own documentation, used when the card
// has no example of its own.
const (
	sampleAudioURL = "https://huggingface.co/datasets/Narsil/asr_dummy/resolve/main/1.flac"
	sampleImageURL = "https://huggingface.co/datasets/huggingface/documentation-images/resolve/main/pipeline-cat-chonk.jpeg"
)

// exampleMedia is the card's first widget file (an https URL), else fallback.
func exampleMedia(m *facts.Model, fallback string) string {
	for _, w := range m.Widgets {
		if len(w.Src) > 8 && w.Src[:8] == "https://" {
			return w.Src
		}
	}
	return fallback
}
