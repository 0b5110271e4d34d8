package recipes

import (
	"slices"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

func filesModel(paths ...string) *facts.Model {
	m := &facts.Model{ID: "acme/tts", SHA: "0123456789abcdef0123456789abcdef01234567", Endpoint: "https://huggingface.co"}
	for _, p := range paths {
		m.Files = append(m.Files, facts.File{Path: p, Size: 10})
	}
	return m
}

func assetNames(as []asset) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.name)
	}
	return out
}

func TestAssetsOneFileEach(t *testing.T) {
	m := filesModel("voices/af_bella.pt", "voices/am_adam.pt", "voices/.hidden.pt", "voices/readme.txt", "other/x.pt", "model.pt")
	as := assetFolder{dir: "voices", exts: []string{".pt"}}.assets(m)
	if got := assetNames(as); !slices.Equal(got, []string{"af_bella", "am_adam"}) {
		t.Errorf("voices %v", got)
	}
}

func TestAssetsSeveralFilesEach(t *testing.T) {
	bark := ttsVoiceFolders["bark"]
	m := filesModel(
		"speaker_embeddings/v2/en_speaker_1_semantic_prompt.npy", "speaker_embeddings/v2/en_speaker_1_coarse_prompt.npy",
		"speaker_embeddings/v2/en_speaker_1_fine_prompt.npy", "speaker_embeddings/en_speaker_0_semantic_prompt.npy",
		// No semantic prompt: not a voice the processor can use.
		"speaker_embeddings/v2/en_speaker_9_fine_prompt.npy", "speaker_embeddings/v2/notes.npy")
	as := bark.assets(m)
	if got := assetNames(as); !slices.Equal(got, []string{"en_speaker_0", "v2/en_speaker_1"}) {
		t.Fatalf("voices %v", got)
	}
	if len(as[1].files) != 3 {
		t.Errorf("v2/en_speaker_1 has %d files, want its three prompts", len(as[1].files))
	}
}

func TestAssetInputDefaultsToTheCard(t *testing.T) {
	m := filesModel("voices/a.pt", "voices/b.pt", "voices/c.pt")
	as := assetFolder{dir: "voices", exts: []string{".pt"}}.assets(m)
	in, ok := assetInput(m, as, "voice", "Voice.", "voice")
	if !ok || in.Default != "a" || len(in.Choices) != 3 {
		t.Errorf("no card: %+v %v, want default a of 3", in, ok)
	}
	m.Card.Settings = map[string]any{"voice": "c"}
	if in, _ := assetInput(m, as, "voice", "Voice.", "voice"); in.Default != "c" {
		t.Errorf("card says c: default %v", in.Default)
	}
	m.Card.Settings = map[string]any{"voice": "z"}
	if in, _ := assetInput(m, as, "voice", "Voice.", "voice"); in.Default != "a" {
		t.Errorf("card names no shipped voice: default %v, want the first", in.Default)
	}
	if _, ok := assetInput(m, as[:1], "voice", "Voice.", "voice"); ok {
		t.Error("one voice is no choice: cog wants at least two")
	}
}

func TestUseAssetsDownloadsTheFiles(t *testing.T) {
	m := filesModel("voices/a.pt", "voices/b.pt")
	p := &plan.Plan{Weights: plan.Weights{Files: []plan.WeightFile{{Path: "model.safetensors", Size: 5}}, TotalBytes: 5,
		Skipped: []plan.Skipped{{Path: "voices/a.pt", Size: 10, Reason: "not a weight"}}}}
	useAssets(p, m, assetFolder{dir: "voices", exts: []string{".pt"}}.assets(m))
	if len(p.Weights.Files) != 3 || p.Weights.TotalBytes != 25 || len(p.Weights.Skipped) != 0 {
		t.Fatalf("files %+v, total %d, skipped %+v", p.Weights.Files, p.Weights.TotalBytes, p.Weights.Skipped)
	}
	if u := p.Weights.Files[1].URL; u != "https://huggingface.co/acme/tts/resolve/0123456789abcdef0123456789abcdef01234567/voices/a.pt" {
		t.Errorf("URL %s: pinned to the commit like the weights", u)
	}
}
