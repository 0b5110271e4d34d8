package golden

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// chooseDeviceDef is the shared helper every torch package defines (the
// template torch/choose_device), up to the next top-level statement.
var chooseDeviceDef = regexp.MustCompile(`(?ms)^def choose_device\(.*?(\n\S|\z)`)

// cudaLiteral is a device named outright: "cuda", "cuda:0", or a
// pipeline's device=0. The group holds what comes before a quoted name.
var cudaLiteral = regexp.MustCompile(`(==\s*)?"cuda(:\d+)?"|device=0\b`)

// TestTorchPackagesChooseDevice checks, in every golden package whose
// entry or training file imports torch (vLLM's excepted: it serves on GPUs
// only), that the device and dtype come from choose_device: defined once,
// called once, and no "cuda" hard-coded outside it.
func TestTorchPackagesChooseDevice(t *testing.T) {
	files, err := filepath.Glob("testdata/*/want/*.py")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		switch filepath.Base(f) {
		case "predict.py", "run.py", "train.py":
		default:
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		if !strings.Contains(src, "\nimport torch\n") || strings.Contains(src, "vllm") {
			continue
		}
		checked++
		defs := chooseDeviceDef.FindAllString(src, -1)
		if len(defs) != 1 {
			t.Errorf("%s: %d definitions of choose_device, want 1", f, len(defs))
			continue
		}
		rest := strings.Replace(src, defs[0], "\n", 1)
		if n := strings.Count(rest, "choose_device(GPU_DTYPE)"); n != 1 {
			t.Errorf("%s: choose_device(GPU_DTYPE) called %d times, want once (in setup or train)", f, n)
		}
		for _, m := range cudaLiteral.FindAllStringSubmatch(rest, -1) {
			if m[1] == "" { // `self.device == "cuda"` only reads the choice
				t.Errorf("%s: a hard-coded device %s outside choose_device", f, m[0])
			}
		}
	}
	if checked == 0 {
		t.Fatal("no golden package imports torch: the check checked nothing")
	}
}
