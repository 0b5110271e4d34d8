package recipes

import (
	"slices"
	"strings"
	"testing"
)

// predict() decodes the audio with the ffmpeg command and hands the pipeline
// samples at the model's rate, never a file name (which recent transformers
// releases decode with torchcodec, not installed). Timestamps are offered as
// the model can give them: segments for Whisper, words for CTC models (which
// reject return_timestamps=False, so they get the key only when asked),
// none for other sequence-to-sequence models.
func TestSpeechRecognitionDecodesWithFFmpeg(t *testing.T) {
	cases := []struct {
		name, config string
		timestamps   string
		call         string
	}{
		{"whisper", `{"architectures": ["WhisperForConditionalGeneration"], "model_type": "whisper", "vocab_size": 51865}`,
			"segment", "return_timestamps=return_timestamps,"},
		{"ctc", `{"architectures": ["Wav2Vec2ForCTC"], "model_type": "wav2vec2"}`,
			"word", "**options,"},
		{"speech2text", `{"architectures": ["Speech2TextForConditionalGeneration"], "model_type": "speech_to_text"}`,
			"", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := hubModel("acme/"+tc.name, "transformers", "automatic-speech-recognition", smallWeights,
				map[string]string{"config.json": tc.config})
			p := planFor(t, m, "transformers-speech-recognition")
			if !slices.Contains(p.SystemPackages, "ffmpeg") || !hasRequirement(p, "numpy") {
				t.Errorf("system packages %v requirements %v: predict() decodes with ffmpeg into numpy", p.SystemPackages, p.Requirements)
			}
			if p.Vars["Timestamps"] != tc.timestamps || hasInput(p, "return_timestamps") != (tc.timestamps != "") {
				t.Errorf("timestamps %q (input %v), want %q", p.Vars["Timestamps"], hasInput(p, "return_timestamps"), tc.timestamps)
			}
			py := renderPackage(t, p)
			for _, want := range []string{`"-ar", str(sampling_rate), "-f", "f32le"`,
				`clip = {"raw": samples, "sampling_rate": self.sampling_rate}`,
				"self.sampling_rate = self.pipe.feature_extractor.sampling_rate", "result = self.pipe(\n            clip,"} {
				if !strings.Contains(py, want) {
					t.Errorf("predict.py lacks %q:\n%s", want, py)
				}
			}
			if strings.Contains(py, "else False") {
				t.Errorf("predict.py passes return_timestamps=False:\n%s", py)
			}
			if strings.Contains(py, "str(audio)") {
				t.Errorf("predict.py hands the pipeline a file name:\n%s", py)
			}
			if tc.call != "" && !strings.Contains(py, tc.call) || tc.call == "" && strings.Contains(py, "return_timestamps") {
				t.Errorf("predict.py timestamps: want %q:\n%s", tc.call, py)
			}
		})
	}
}
