package recipes

import "testing"

func TestCogTorch(t *testing.T) {
	cases := map[string]struct{ cuda, vision string }{
		"2.11.0": {"13.0", "0.26.0"},
		"2.8.0":  {"12.9", "0.23.0"},
		"2.7.1":  {"12.8", "0.22.1"},
		"2.6.0":  {"12.6", "0.21.0"},
	}
	for torch, want := range cases {
		row, err := CogTorch(torch)
		if err != nil {
			t.Fatal(err)
		}
		if row.CUDA() != want.cuda || row.Torchvision != want.vision {
			t.Errorf("torch %s: cuda %s torchvision %s, want %s %s", torch, row.CUDA(), row.Torchvision, want.cuda, want.vision)
		}
	}
	if _, err := CogTorch("2.15.0"); err == nil {
		t.Error("torch 2.15.0 is unknown to cog v0.22 and must be refused")
	}
}
