package weights

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
)

func TestSelectBadPaths(t *testing.T) {
	for _, p := range []string{
		"../model.safetensors", "unet/../../etc/passwd", "a/..", "/etc/passwd", `unet\model.bin`,
		"model\x00.bin", "", "a//b.json", "./config.json", "unet/", "a/./b",
	} {
		files := []facts.File{{Path: "config.json", Size: 1}, {Path: "model.safetensors", Size: 10}, {Path: p, Size: 1}}
		_, err := Select(files, Options{Library: "transformers"})
		if !errors.Is(err, ErrBadPath) {
			t.Errorf("path %q: err = %v, want ErrBadPath", p, err)
			continue
		}
		if p != "" && !strings.Contains(err.Error(), strconv.Quote(p)) {
			t.Errorf("path %q: error %q does not name the path", p, err)
		}
	}
	dup := []facts.File{{Path: "model.safetensors", Size: 1}, {Path: "model.safetensors", Size: 1}}
	if _, err := Select(dup, Options{}); !errors.Is(err, ErrBadPath) || !strings.Contains(err.Error(), "listed twice") {
		t.Errorf("duplicate path: err = %v", err)
	}
}

func TestSelectUnknownSizes(t *testing.T) {
	files := []facts.File{
		{Path: "config.json", Size: -1}, {Path: "tokenizer.json", Size: -1},
		{Path: "model.safetensors", Size: -1, LFS: true}, {Path: "pytorch_model.bin", Size: -1, LFS: true},
	}
	_, err := Select(files, Options{Library: "transformers"})
	want := "size unknown for model.safetensors; the Hub answer lacks blobs"
	if !errors.Is(err, ErrSizeUnknown) || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}

	// Configs without a size are fine and count 0; a skipped weight's size
	// does not matter either.
	files[2].Size = 500
	sel, err := Select(files, Options{Library: "transformers"})
	if err != nil {
		t.Fatal(err)
	}
	if sel.TotalBytes != 500 || sel.SnapshotBytes != 500 {
		t.Errorf("total %d snapshot %d, want 500 and 500", sel.TotalBytes, sel.SnapshotBytes)
	}
	wantFiles(t, sel, "config.json", "tokenizer.json", "model.safetensors")
}

func TestSelectBadIndex(t *testing.T) {
	files := repo(map[string]int64{
		"config.json": 1, "model.safetensors.index.json": 1,
		"model-00001-of-00002.safetensors": 10, "model-00002-of-00002.safetensors": 10,
		"optimizer.pt": 10,
	})
	cases := map[string]string{
		`{"weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00003-of-00002.safetensors"}}`: `names shard "model-00003-of-00002.safetensors", which is not in the repository`,
		`{"weight_map": {"a": "../model-00001-of-00002.safetensors"}}`:                                       "which is not a repository path",
		`{"weight_map": {"a": "optimizer.pt"}}`:                                                              "which was skipped (training artefact)",
		`{"weight_map": {}}`:                                                                                 "has no weight_map",
		`{"weight_map": `:                                                                                    "parse model.safetensors.index.json",
	}
	for index, want := range cases {
		o := Options{Library: "transformers", Configs: map[string][]byte{"model.safetensors.index.json": []byte(index)}}
		_, err := Select(files, o)
		if !errors.Is(err, ErrBadIndex) || !strings.Contains(err.Error(), want) {
			t.Errorf("index %s: err = %v, want %q", index, err, want)
		}
	}
}

func TestSelectNoWeights(t *testing.T) {
	cases := []struct {
		name  string
		files []facts.File
		want  string
	}{
		{"configs only", repo(map[string]int64{"README.md": 1, "config.json": 1, "tokenizer.json": 1}),
			"no weights to download: none of the 3 files holds weights"},
		{"tensorflow only", repo(map[string]int64{"config.json": 1, "tf_model.h5": 1}),
			"no weights to download: every weight file was skipped: tf_model.h5 (other framework: tensorflow)"},
		{"training checkpoints only", repo(map[string]int64{"checkpoint-5/model.safetensors": 1}),
			"checkpoint-5/model.safetensors (training artefact)"},
		{"empty repository", nil, "none of the 0 files holds weights"},
	}
	for _, c := range cases {
		_, err := Select(c.files, Options{Library: "transformers"})
		if !errors.Is(err, ErrNoWeights) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}

func TestSelectUnknownFormat(t *testing.T) {
	_, err := Select(repo(map[string]int64{"model.safetensors": 1}), Options{Format: "tensorrt"})
	if err == nil || !strings.Contains(err.Error(), `unknown weight format "tensorrt"`) {
		t.Errorf("err = %v", err)
	}
}
