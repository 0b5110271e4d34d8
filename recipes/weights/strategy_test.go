package weights

import (
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
)

func TestStrategy(t *testing.T) {
	small := Selection{TotalBytes: BakeLimit}
	large := Selection{TotalBytes: BakeLimit + 1}
	cases := []struct {
		name            string
		sel             Selection
		gated, private  bool
		override, want  string
		wantErrContains string
	}{
		{"1 GB is baked", small, false, false, "", "bake", ""},
		{"empty selection is baked", Selection{}, false, false, "", "bake", ""},
		{"over 1 GB uses pget", large, false, false, "", "pget", ""},
		{"gated uses the hub", large, true, false, "", "hub", ""},
		{"gated small is not baked", small, true, false, "", "hub", ""},
		{"private uses the hub", small, false, true, "", "hub", ""},
		{"override bake", large, false, false, "bake", "bake", ""},
		{"override bake of gated weights", large, true, false, "bake", "bake", ""},
		{"override hub", small, false, false, " HUB ", "hub", ""},
		{"override pget", small, false, false, "pget", "pget", ""},
		{"pget cannot send a token", large, true, false, "pget", "", "pget cannot download gated or private"},
		{"pget cannot read private repos", large, false, true, "pget", "", "pget cannot download gated or private"},
		{"unknown override", small, false, false, "rsync", "", `unknown weights strategy "rsync"`},
	}
	for _, c := range cases {
		got, err := Strategy(c.sel, c.gated, c.private, c.override)
		switch {
		case c.wantErrContains != "":
			if err == nil || !strings.Contains(err.Error(), c.wantErrContains) {
				t.Errorf("%s: err = %v, want %q", c.name, err, c.wantErrContains)
			}
		case err != nil || got != c.want:
			t.Errorf("%s: Strategy = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

func TestSeparateWeights(t *testing.T) {
	if SeparateWeights(BakeLimit) || !SeparateWeights(BakeLimit+1) || SeparateWeights(0) {
		t.Error("SeparateWeights must be true only above 1e9 bytes")
	}
}

func TestManifest(t *testing.T) {
	sel := Selection{Files: []facts.File{
		{Path: "unet/diffusion_pytorch_model.fp16.safetensors", Size: 10, SHA256: "abc"},
		{Path: "odd name/a#b?.json", Size: -1},
	}}
	sha := "5fa07f3d12dcbb53b244e22c30126d8b471f7e02"
	got := sel.Manifest("https://hf-mirror.example/", "runwayml/stable-diffusion-v1-5", sha)
	want := []string{
		"https://hf-mirror.example/runwayml/stable-diffusion-v1-5/resolve/" + sha + "/unet/diffusion_pytorch_model.fp16.safetensors",
		"https://hf-mirror.example/runwayml/stable-diffusion-v1-5/resolve/" + sha + "/odd%20name/a%23b%3F.json",
	}
	for i, w := range got {
		if w.URL != want[i] {
			t.Errorf("URL %d = %q, want %q", i, w.URL, want[i])
		}
	}
	if got[0].SHA256 != "abc" || got[0].Size != 10 || got[1].Size != 0 || got[1].Path != "odd name/a#b?.json" {
		t.Errorf("manifest = %+v", got)
	}
	if d := sel.Manifest("", "a/b", sha); !strings.HasPrefix(d[0].URL, "https://huggingface.co/a/b/resolve/") {
		t.Errorf("default endpoint: %q", d[0].URL)
	}
}
