//go:build runtime

package e2e_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"math"
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
		model:  hubtest.Model{PipelineTag: "text-to-speech", LibraryName: "transformers", Tags: []string{"vits", "mms"}},
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

// audioCheck wants one WAV file that decodes completely at rate with some
// samples. With same set, the first call stores the file's bytes there and
// later calls must return the very same bytes (a fixed seed is
// reproducible).
func audioCheck(rate int, same *[]byte) func(*testing.T, *run, e2e.Prediction) {
	return func(t *testing.T, r *run, p e2e.Prediction) {
		t.Helper()
		files, err := e2e.Files(p.Output)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != 1 {
			t.Fatalf("got %d files, want one", len(files))
		}
		m, err := e2e.Inspect(r.venv, files[0])
		if err != nil {
			t.Fatal(err)
		}
		if m.Kind != "audio" || m.Rate != rate || m.Frames == 0 {
			t.Fatalf("got %+v, want audio at %d Hz with samples", m, rate)
		}
		if same == nil {
			return
		}
		if *same == nil {
			*same = files[0].Data
		} else if !bytes.Equal(*same, files[0].Data) {
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
