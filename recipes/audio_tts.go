package recipes

import (
	"fmt"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// textToSpeech covers transformers text-to-speech and text-to-audio models
// (VITS and MMS-TTS, Bark, MusicGen, ...) through the text-to-audio
// pipeline, which finds the sampling rate in the model's config. predict()
// writes a 16-bit WAV file with Python's own wave module, so no audio
// library is needed.
type textToSpeech struct{}

func (textToSpeech) Info() Info {
	return Info{Name: "transformers-text-to-speech", Tasks: []string{"text-to-speech", "text-to-audio"}, Libraries: []string{"transformers"},
		Summary: "speech, sound and music generation: text in, WAV file out"}
}

func (textToSpeech) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && (c.Task == "text-to-speech" || c.Task == "text-to-audio")
}

func (textToSpeech) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "generation_config.json", "tokenizer_config.json", "preprocessor_config.json"}
}

// musicgenTypes generate audio tokens at a fixed frame rate, so the length
// of the sound is a number of new tokens.
var musicgenTypes = map[string]bool{"musicgen": true, "musicgen_melody": true}

func (r textToSpeech) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	if err := ttsSupported(m, c); err != nil {
		return nil, err
	}
	p := base(m, c, o, r.Info().Name, "transformers_text_to_audio")
	names := []string{"transformers", "safetensors", "tokenizers", "huggingface-hub", "numpy", "sentencepiece", "protobuf"}
	names = append(names, vitsTokenizerNeeds(m, p)...)
	if _, err := useModel(p, m, c, o, false, "float32", nil, names...); err != nil {
		return nil, err
	}
	music := musicgenTypes[modelType(m)]
	text := plan.Input{Name: "text", Type: "str", Description: "Text to speak."}
	if c.Task == "text-to-audio" || music {
		text.Description = "Description of the sound or music to generate."
	}
	p.Inputs = []plan.Input{text}
	if music {
		p.Inputs = append(p.Inputs, plan.Input{Name: "duration", Type: "float", Default: 8.0, Ge: plan.F(1), Le: plan.F(30),
			Description: "Length of the audio in seconds."})
		// EnCodec at 32 kHz, MusicGen's codec, makes 50 frames a second.
		rate := cfg(m, "config.json", "audio_encoder.frame_rate").Int()
		if rate <= 0 {
			rate = 50
		}
		p.Vars["FrameRate"] = rate
	}
	p.Vars["Voices"] = false
	if voice, ok := ttsVoices(p, m); ok {
		p.Inputs = append(p.Inputs, voice)
	}
	p.Inputs = append(p.Inputs, seedInput())
	p.Output = plan.Output{Type: "Path", Description: "the audio, a 16-bit WAV file at the model's sampling rate"}
	p.Vars["Musicgen"] = music
	p.Vars["Purpose"] = "Text-to-audio predictor"
	p.Vars["Doc"] = "Turn text into audio: a WAV file."
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"text": examplePrompt(m, "Hello! This is a test of the speech model."), "seed": int64(7)}}}
	if music {
		p.Tests[0].Inputs["duration"] = 4.0
	}
	return p, nil
}

// ttsSupported refuses the text-to-speech models the pipeline cannot run
// by itself from the downloaded folder.
func ttsSupported(m *facts.Model, c Class) error {
	switch {
	case strings.HasSuffix(c.Architecture, "ForCausalLM"):
		// Orpheus and the like: a language model that writes audio codes.
		return fmt.Errorf("%w for task %s on %s: it is a language model that writes audio codes, which need the authors' own audio decoder; transformers' text-to-audio pipeline has none",
			ErrNoRecipe, c.Task, c.Architecture)
	case modelType(m) == "speecht5" || strings.HasPrefix(c.Architecture, "SpeechT5"):
		return fmt.Errorf("%w for task %s on SpeechT5: it needs a separate vocoder (microsoft/speecht5_hifigan) and a speaker embedding, which the pipeline would fetch or ask for at run time",
			ErrNoRecipe, c.Task)
	}
	return nil
}

// vitsTokenizerNeeds are the extra packages a VITS tokenizer asks for:
// phonemizer (with espeak-ng) when it phonemizes, uroman when it romanizes
// non-Latin scripts first (the MMS-TTS checkpoints).
func vitsTokenizerNeeds(m *facts.Model, p *plan.Plan) []string {
	var names []string
	if cfg(m, "tokenizer_config.json", "phonemize").Bool() {
		names = append(names, "phonemizer")
		p.SystemPackages = append(p.SystemPackages, "espeak-ng")
	}
	if cfg(m, "tokenizer_config.json", "is_uroman").Bool() {
		names = append(names, "uroman")
	}
	return names
}

// ttsVoiceFolders are the voice folders of the text-to-speech models the
// pipeline runs, by model_type: Bark ships each speaker preset as three
// .npy prompts (semantic, coarse, fine) under speaker_embeddings/.
var ttsVoiceFolders = map[string]assetFolder{
	"bark": {dir: "speaker_embeddings", exts: []string{".npy"}, suffix: "_semantic_prompt",
		siblings: []string{"_coarse_prompt", "_fine_prompt"}},
}

// ttsVoices offers the voices the model ships as a voice input, defaulting
// to the card's voice_preset, and downloads their files with the weights.
func ttsVoices(p *plan.Plan, m *facts.Model) (plan.Input, bool) {
	folder, ok := ttsVoiceFolders[modelType(m)]
	if !ok {
		return plan.Input{}, false
	}
	voices := folder.assets(m)
	in, ok := assetInput(m, voices, "voice", "Voice of the speaker: one of the presets the model ships.", "voice_preset", "voice")
	if !ok {
		return plan.Input{}, false
	}
	useAssets(p, m, voices)
	p.Vars["Voices"] = true
	p.Vars["VoiceDir"] = folder.dir
	return in, true
}
