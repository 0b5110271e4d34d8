//go:build runtime

package e2e_test

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/cogport/cogport/e2e"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

// TestTextToSpeechVITS packages a tiny VITS (the MMS-TTS architecture) and
// speaks through cog's server: a WAV file that decodes at the model's 16 kHz,
// the same sound for the same seed, and a clear error for empty text.
func TestTextToSpeechVITS(t *testing.T) {
	var first []byte
	runHF(t, hfCase{
		name:   "vits-tts",
		stack:  "transformers",
		kind:   "vits-tts",
		model:  hubtest.Model{PipelineTag: "text-to-speech", LibraryName: "transformers", Tags: []string{"vits", "mms"}, Config: hubConfig("VitsModel", "vits")},
		recipe: "transformers-text-to-speech",
		calls: []call{
			{name: "defaults", input: map[string]any{"text": "hello world"}, check: audioCheck(16000, nil)},
			{name: "seed", input: map[string]any{"text": "the cat sat on the mat", "seed": 7}, check: audioCheck(16000, &first)},
			{name: "same seed, same audio", input: map[string]any{"text": "the cat sat on the mat", "seed": 7}, check: audioCheck(16000, &first)},
			{name: "empty text", input: map[string]any{"text": "   "}, wantErr: "text is empty"},
			{name: "missing text", input: map[string]any{}, wantErr: "text"},
		},
	})
}

// sampleAudioURL is the clip the audio recipes' cog-safe-push cases link
// to; the cases send a tone instead.
const sampleAudioURL = "https://huggingface.co/datasets/Narsil/asr_dummy/resolve/main/1.flac"

// audioLabels are the tiny classifier's id2label (make_audio.py).
var audioLabels = []string{"speech", "music", "silence", "dog bark", "engine", "birdsong"}

// TestAudioClassificationAST packages a tiny Audio Spectrogram Transformer
// and classifies a tone through cog's server: labels from its id2label,
// scores in [0, 1], top_k of them and the likeliest ones; a file that is not
// audio and a top_k above the label count are refused with clear errors.
func TestAudioClassificationAST(t *testing.T) {
	tone := toneURI(16000, 1.5)
	all := map[string]float64{} // the default call's answer, for the top_k call
	runHF(t, hfCase{
		name:  "ast-classifier",
		stack: "transformers",
		kind:  "ast-classifier",
		model: hubtest.Model{PipelineTag: "audio-classification", LibraryName: "transformers", Tags: []string{"audio"},
			Config: hubConfig("ASTForAudioClassification", "audio-spectrogram-transformer")},
		recipe:   "transformers-audio-classification",
		standIns: map[string]string{"audio": tone},
		calls: []call{
			// top_k defaults to 5 of the 6 labels.
			{name: "defaults", input: map[string]any{"audio": tone}, check: labelsCheck(5, nil, all)},
			{name: "top_k", input: map[string]any{"audio": tone, "top_k": 2}, check: labelsCheck(2, all, nil)},
			{name: "another rate", input: map[string]any{"audio": toneURI(8000, 1), "top_k": 6}, check: labelsCheck(6, nil, nil)},
			{name: "not audio", input: map[string]any{"audio": "data:audio/wav;base64," + base64.StdEncoding.EncodeToString([]byte("no sound here"))},
				wantErr: "cannot read the audio file"},
			{name: "top_k above the labels", input: map[string]any{"audio": tone, "top_k": 7}, wantErr: "top_k"},
		},
	})
}

// labelsCheck wants a JSON object of n labels from the model's id2label to
// scores in [0, 1]. The answer is stored into keep when set; when of is set
// (an answer with more labels for the same audio), the labels must be its
// likeliest n with the same scores.
func labelsCheck(n int, of, keep map[string]float64) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, _ *run, p e2e.Prediction) {
		t.Helper()
		var got map[string]float64
		if err := json.Unmarshal(p.Output, &got); err != nil {
			t.Fatalf("output is not an object of label → score: %s", clip(p.Output))
		}
		if len(got) != n {
			t.Fatalf("got %d labels, want %d: %s", len(got), n, clip(p.Output))
		}
		for l, score := range got {
			if !slices.Contains(audioLabels, l) {
				t.Errorf("label %q is not in the model's id2label", l)
			}
			if score < 0 || score > 1 {
				t.Errorf("score %v of %q is outside [0, 1]", score, l)
			}
			if keep != nil {
				keep[l] = score
			}
		}
		if of == nil {
			return
		}
		likeliest := slices.SortedFunc(maps.Keys(of), func(a, b string) int { return cmp.Compare(of[b], of[a]) })[:n]
		for _, l := range likeliest {
			if s, ok := got[l]; !ok || math.Abs(s-of[l]) > 1e-5 {
				t.Errorf("want the likeliest %d labels %v with their scores %v, got %v", n, likeliest, of, got)
				break
			}
		}
	}
}

// TestSpeechRecognitionWav2Vec2CTC packages a tiny wav2vec2 CTC model and
// transcribes a tone through cog's server: a transcript spelled from its
// vocabulary, no chunks by default, word chunks that spell the transcript
// and lie inside the clip when asked, and a clear error for a file that is
// not audio.
func TestSpeechRecognitionWav2Vec2CTC(t *testing.T) {
	tone := toneURI(16000, 1.5)
	upper := "ABCDEFGHIJKLMNOPQRSTUVWXYZ' "
	runHF(t, hfCase{
		name:  "wav2vec2-ctc",
		stack: "transformers",
		kind:  "wav2vec2-ctc",
		model: hubtest.Model{PipelineTag: "automatic-speech-recognition", LibraryName: "transformers", Tags: []string{"audio"},
			Config: hubConfig("Wav2Vec2ForCTC", "wav2vec2")},
		recipe:   "transformers-speech-recognition",
		standIns: map[string]string{"audio": tone},
		calls: []call{
			{name: "defaults", input: map[string]any{"audio": tone}, check: transcriptCheck(upper, false, " ", 1.5)},
			{name: "word timestamps", input: map[string]any{"audio": tone, "return_timestamps": true}, check: transcriptCheck(upper, true, " ", 1.5)},
			{name: "another rate", input: map[string]any{"audio": toneURI(44100, 1)}, check: transcriptCheck(upper, false, " ", 1)},
			{name: "not audio", input: map[string]any{"audio": "data:audio/wav;base64," + base64.StdEncoding.EncodeToString([]byte("no sound here"))},
				wantErr: "cannot read the audio file"},
			{name: "missing audio", input: map[string]any{}, wantErr: "audio"},
		},
	})
}

// TestSpeechRecognitionWhisper packages a tiny English-only Whisper and
// transcribes a tone through cog's server: a transcript spelled from the
// letters it may write, no chunks by default, segment chunks that spell the
// transcript when asked, and a clear error for a file that is not audio.
// The random decoder's times are not checked against the clip's length.
func TestSpeechRecognitionWhisper(t *testing.T) {
	tone := toneURI(16000, 1.5)
	lower := "abcdefghijklmnopqrstuvwxyz "
	runHF(t, hfCase{
		name:  "whisper",
		stack: "transformers",
		kind:  "whisper",
		model: hubtest.Model{PipelineTag: "automatic-speech-recognition", LibraryName: "transformers", Tags: []string{"whisper", "audio"},
			Config: hubConfig("WhisperForConditionalGeneration", "whisper")},
		recipe:   "transformers-speech-recognition",
		standIns: map[string]string{"audio": tone},
		calls: []call{
			{name: "defaults", input: map[string]any{"audio": tone}, check: transcriptCheck(lower, false, "", 0)},
			{name: "segment timestamps", input: map[string]any{"audio": tone, "return_timestamps": true}, check: transcriptCheck(lower, true, "", 0)},
			{name: "not audio", input: map[string]any{"audio": "data:audio/wav;base64," + base64.StdEncoding.EncodeToString([]byte("no sound here"))},
				wantErr: "cannot read the audio file"},
			{name: "missing audio", input: map[string]any{}, wantErr: "audio"},
		},
	})
}

// transcript is the speech-recognition recipe's output.
type transcript struct {
	Text   string `json:"text"`
	Chunks []struct {
		Text  string   `json:"text"`
		Start *float64 `json:"start"`
		End   *float64 `json:"end"`
	} `json:"chunks"`
}

// transcriptCheck wants a non-empty transcript spelled from alphabet, and
// chunks only when timed: each with a start no later than its end (an open
// end is allowed), together spelling the transcript when joined with sep,
// and inside the clip's secs seconds when secs > 0.
func transcriptCheck(alphabet string, timed bool, sep string, secs float64) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, _ *run, p e2e.Prediction) {
		t.Helper()
		var tr transcript
		if err := json.Unmarshal(p.Output, &tr); err != nil {
			t.Fatalf("output is not {text, chunks}: %s", clip(p.Output))
		}
		if strings.TrimSpace(tr.Text) == "" || strings.Trim(tr.Text, alphabet) != "" {
			t.Fatalf("transcript %q is empty or spelled outside %q", tr.Text, alphabet)
		}
		if !timed {
			if len(tr.Chunks) != 0 {
				t.Fatalf("chunks although no timestamps were asked for: %s", clip(p.Output))
			}
			return
		}
		if len(tr.Chunks) == 0 {
			t.Fatalf("no chunks although timestamps were asked for: %s\nlogs:\n%s", clip(p.Output), p.Logs)
		}
		var texts []string
		for i, c := range tr.Chunks {
			texts = append(texts, c.Text)
			if c.Start == nil || *c.Start < 0 || (c.End != nil && *c.End < *c.Start) {
				t.Fatalf("chunk %d has times %v–%v: %s", i, c.Start, c.End, clip(p.Output))
			}
			if secs > 0 && c.End != nil && *c.End > secs+0.05 {
				t.Fatalf("chunk %d ends at %v, after the %vs clip", i, *c.End, secs)
			}
		}
		if joined := strings.TrimSpace(strings.Join(texts, sep)); joined != tr.Text {
			t.Fatalf("chunks spell %q, the transcript is %q", joined, tr.Text)
		}
	}
}

// hubConfig is the "config" the Hub's model info reports for a transformers
// model: its architectures and model type, which cogport classifies by.
func hubConfig(arch, modelType string) map[string]any {
	return map[string]any{"architectures": []string{arch}, "model_type": modelType}
}

// audioCheck wants one WAV file that decodes completely at rate with some
// samples. With same set, the first call stores the file's bytes there and
// later calls must return the very same bytes (a fixed seed is
// reproducible).
func audioCheck(rate int, same *[]byte) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, r *run, p e2e.Prediction) {
		t.Helper()
		m, file := oneMedia(t, r, p)
		if m.Kind != "audio" || m.Rate != rate || m.Frames == 0 {
			t.Fatalf("got %+v, want audio at %d Hz with samples", m, rate)
		}
		if same == nil {
			return
		}
		if *same == nil {
			*same = file.Data
		} else if !bytes.Equal(*same, file.Data) {
			t.Fatal("the same seed gave different audio")
		}
	}
}

// toneURI is a data URI of a WAV file: secs seconds of a 440 Hz sine at
// rate Hz, mono 16-bit PCM, as a microphone would record it.
func toneURI(rate int, secs float64) string {
	n := int(float64(rate) * secs)
	pcm := make([]int16, n)
	for i := range pcm {
		pcm[i] = int16(0.3 * 32767 * math.Sin(2*math.Pi*440*float64(i)/float64(rate)))
	}
	var b bytes.Buffer
	le := binary.LittleEndian
	b.WriteString("RIFF")
	binary.Write(&b, le, uint32(36+2*n))
	b.WriteString("WAVEfmt ")
	// PCM, one channel, rate frames a second of two bytes each.
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(rate), uint32(2 * rate), uint16(2), uint16(16)} {
		binary.Write(&b, le, v)
	}
	b.WriteString("data")
	binary.Write(&b, le, uint32(2*n))
	binary.Write(&b, le, pcm)
	return "data:audio/wav;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}
