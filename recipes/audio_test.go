package recipes

import (
	"slices"
	"testing"
)

func TestTextToSpeechVITS(t *testing.T) {
	m := hubModel("facebook/mms-tts-kor", "transformers", "text-to-speech", 145_000_000, map[string]string{
		"config.json":           `{"architectures": ["VitsModel"], "model_type": "vits", "sampling_rate": 16000}`,
		"tokenizer_config.json": `{"is_uroman": true, "phonemize": true}`,
	})
	p := planFor(t, m, "transformers-text-to-speech")
	if hasInput(p, "duration") || !hasInput(p, "seed") || p.Output.Type != "Path" {
		t.Errorf("VITS inputs %v output %s: want text and seed, a Path out", p.Inputs, p.Output.Type)
	}
	if !hasRequirement(p, "uroman") || !hasRequirement(p, "phonemizer") || !slices.Contains(p.SystemPackages, "espeak-ng") {
		t.Errorf("a romanizing, phonemizing tokenizer: requirements %v, system packages %v", p.Requirements, p.SystemPackages)
	}
	if p.GPU {
		t.Error("a 145 MB VITS model should run on CPU")
	}
}

func TestTextToAudioMusicgen(t *testing.T) {
	m := hubModel("facebook/musicgen-melody", "transformers", "text-to-audio", largeWeights, map[string]string{
		"config.json": `{"architectures": ["MusicgenMelodyForConditionalGeneration"], "model_type": "musicgen_melody",
			"audio_encoder": {"frame_rate": 25}}`,
	})
	p := planFor(t, m, "transformers-text-to-speech")
	d := input(t, p, "duration")
	if d.Type != "float" || *d.Ge != 1 || *d.Le != 30 || p.Vars["FrameRate"] != int64(25) {
		t.Errorf("duration %+v frame rate %v, want seconds in [1, 30] at the codec's 25 frames a second", d, p.Vars["FrameRate"])
	}
	if input(t, p, "text").Description == "Text to speak." {
		t.Error("music is described, not spoken")
	}
	if !p.GPU || p.Tests[0].Inputs["duration"] != 4.0 {
		t.Errorf("gpu %v, test %v: want a GPU and a short test", p.GPU, p.Tests[0].Inputs)
	}
}

func TestTextToSpeechRefusals(t *testing.T) {
	orpheus := hubModel("canopylabs/orpheus", "transformers", "text-to-speech", largeWeights, map[string]string{
		"config.json": `{"architectures": ["LlamaForCausalLM"], "model_type": "llama"}`})
	refused(t, orpheus, "audio decoder")
	speecht5 := hubModel("microsoft/speecht5_tts", "transformers", "text-to-speech", smallWeights, map[string]string{
		"config.json": `{"architectures": ["SpeechT5ForTextToSpeech"], "model_type": "speecht5"}`})
	refused(t, speecht5, "vocoder")
}

func TestAudioClassificationPlan(t *testing.T) {
	m := hubModel("superb/wav2vec2-base-superb-ks", "transformers", "audio-classification", smallWeights, map[string]string{
		"config.json": `{"architectures": ["Wav2Vec2ForSequenceClassification"], "model_type": "wav2vec2",
			"id2label": {"0": "yes", "1": "no", "2": "up"}}`})
	p := planFor(t, m, "transformers-audio-classification")
	k := input(t, p, "top_k")
	if k.Default != int64(3) || *k.Le != 3 {
		t.Errorf("top_k default %v ≤ %v, want both 3 (the number of labels)", k.Default, *k.Le)
	}
	if !slices.Contains(p.SystemPackages, "ffmpeg") || !hasRequirement(p, "numpy") {
		t.Errorf("system packages %v requirements %v: predict() decodes with ffmpeg into numpy", p.SystemPackages, p.Requirements)
	}
	if p.Tests[0].Expect != "length == 2" {
		t.Errorf("test expects %q", p.Tests[0].Expect)
	}
}
