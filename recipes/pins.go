package recipes

import (
	"fmt"

	"github.com/cogport/cogport/plan"
)

// A stack is a set of versions known to work together (DESIGN §10). Every
// package pins one; the provenance records which.
type stack struct {
	name     string
	torch    string
	versions map[string]string
	// transfer is the fast download mode of its huggingface_hub.
	transfer string
	// cpuFallback says that the stack's templates choose the device in
	// setup() (choose_device): a GPU when there is one, else the CPU in
	// float32.
	cpuFallback bool
}

// transformersStack was seen working together on one GPU image (2026-11):
// the base set for transformers recipes.
var transformersStack = stack{
	name:  "transformers-2026-11",
	torch: "2.11.0",
	versions: map[string]string{
		"transformers": "5.17.0", "accelerate": "1.15.0", "safetensors": "0.8.0",
		"tokenizers": "0.23.2", "huggingface-hub": "1.33.0", "numpy": "2.5.2",
		"sentence-transformers": "6.0.1", "pillow": "13.0.0", "sentencepiece": "0.2.3",
		"protobuf": "7.36.2",
		// Vision and audio recipes: timm for timm models and the timm
		// backbones of DETR-style detectors, pytesseract for the OCR of
		// LayoutLM document QA, phonemizer and uroman for the VITS
		// tokenizers that need them (newest releases, pypi 2026-11).
		"timm": "1.0.31", "pytesseract": "0.3.13", "phonemizer": "3.4.0", "uroman": "1.3.1.1",
		// Newest releases (DESIGN §10, pypi): peft applies adapters to a base
		// model; bitsandbytes loads pre-quantized 4/8-bit weights.
		"peft": "0.21.2", "bitsandbytes": "0.50.2",
	},
	transfer:    "xet",
	cpuFallback: true,
}

// diffusersStack is Replicate's own pairing (cog-examples z-image-turbo),
// the diffusers default until a GPU smoke test proves newer releases.
// transformers 4.57 needs huggingface_hub < 1.0, whose fast path is hf_transfer.
var diffusersStack = stack{
	name:  "diffusers-replicate-2026",
	torch: "2.8.0",
	versions: map[string]string{
		"diffusers": "0.36.0", "transformers": "4.57.3", "accelerate": "1.15.0",
		"safetensors": "0.8.0", "huggingface-hub": "0.36.0", "hf-transfer": "0.1.9",
		"pillow": "13.0.0", "sentencepiece": "0.2.3", "protobuf": "7.36.2", "peft": "0.21.2",
		// export_to_video writes MP4 through imageio and the ffmpeg binary
		// imageio-ffmpeg ships; Wan's prompt cleaning needs ftfy.
		"imageio": "2.38.1", "imageio-ffmpeg": "0.8.1", "ftfy": "6.3.1",
	},
	transfer:    "hf_transfer",
	cpuFallback: true,
}

// requirements pins torch (plus torchvision/torchaudio from cog's own row
// for that torch when asked) and the named packages from the stack.
func (s stack) requirements(torchExtras []string, names ...string) ([]plan.Requirement, TorchRow, error) {
	row, err := CogTorch(s.torch)
	if err != nil {
		return nil, row, err
	}
	reqs := []plan.Requirement{{Name: "torch", Version: s.torch}}
	for _, extra := range torchExtras {
		switch extra {
		case "torchvision":
			reqs = append(reqs, plan.Requirement{Name: "torchvision", Version: row.Torchvision})
		case "torchaudio":
			reqs = append(reqs, plan.Requirement{Name: "torchaudio", Version: row.Torchaudio})
		default:
			return nil, row, fmt.Errorf("unknown torch companion %q", extra)
		}
	}
	for _, n := range names {
		v, ok := s.versions[n]
		if !ok {
			return nil, row, fmt.Errorf("stack %s pins no version of %s", s.name, n)
		}
		reqs = append(reqs, plan.Requirement{Name: n, Version: v})
	}
	return reqs, row, nil
}
