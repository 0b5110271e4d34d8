package recipes

import (
	"slices"
	"testing"

	"github.com/cogport/cogport/plan"
)

func TestVisionAudioSelection(t *testing.T) {
	cases := []struct{ library, task, recipe string }{
		{"transformers", "object-detection", "transformers-object-detection"},
		{"transformers", "image-segmentation", "transformers-image-segmentation"},
		{"transformers", "depth-estimation", "transformers-depth-estimation"},
		{"transformers", "zero-shot-image-classification", "transformers-zero-shot-image-classification"},
		{"transformers", "image-text-to-text", "transformers-vlm-chat"},
		{"transformers", "image-to-text", "transformers-image-to-text"},
		{"transformers", "visual-question-answering", "transformers-visual-question-answering"},
		{"transformers", "document-question-answering", "transformers-document-question-answering"},
		{"transformers", "text-to-speech", "transformers-text-to-speech"},
		{"transformers", "text-to-audio", "transformers-text-to-speech"},
		{"transformers", "audio-classification", "transformers-audio-classification"},
		{"transformers", "image-classification", "transformers-image-classification"},
		{"timm", "image-classification", "timm-image-classification"},
	}
	for _, c := range cases {
		m := hubModel("acme/m", c.library, c.task, smallWeights, nil)
		rc, _, err := Default().Select(m)
		if err != nil {
			t.Errorf("%s/%s: %v", c.library, c.task, err)
			continue
		}
		if got := rc.Info().Name; got != c.recipe {
			t.Errorf("%s/%s: recipe %s, want %s", c.library, c.task, got, c.recipe)
		}
	}
	// timm models that only embed images are not classifiers.
	if _, _, err := Default().Select(hubModel("acme/m", "timm", "image-feature-extraction", smallWeights, nil)); err == nil {
		t.Error("a timm image-feature-extraction model has no recipe yet, but one was selected")
	}
}

const detrConfig = `{"architectures": ["DetrForObjectDetection"], "model_type": "detr",
	"id2label": {"0": "N/A", "1": "person"}, "use_timm_backbone": true}`

func TestObjectDetectionPlan(t *testing.T) {
	m := hubModel("facebook/detr-resnet-50", "transformers", "object-detection", smallWeights, map[string]string{"config.json": detrConfig})
	m.Card.Settings = map[string]any{"threshold": 0.9}
	p := planFor(t, m, "transformers-object-detection")
	if th := input(t, p, "threshold"); th.Default != 0.9 || *th.Ge != 0 || *th.Le != 1 {
		t.Errorf("threshold %v in [%v, %v], want the card's 0.9 in [0, 1]", th.Default, *th.Ge, *th.Le)
	}
	if p.GPU || p.Vars["Dtype"] != "float32" {
		t.Errorf("a 400 MB detector: gpu %v dtype %v, want CPU float32", p.GPU, p.Vars["Dtype"])
	}
	if !hasRequirement(p, "timm") || !hasRequirement(p, "torchvision") {
		t.Errorf("DETR builds a timm backbone: requirements %v lack timm or torchvision", p.Requirements)
	}
	if p.Output.Type != "Output" || !slices.Contains(p.Vars["CogImports"].([]string), "BaseModel") {
		t.Errorf("output %q, cog imports %v: want the recipe's Output BaseModel", p.Output.Type, p.Vars["CogImports"])
	}

	// Without timm in the config, and large: GPU, no timm.
	big := hubModel("acme/rtdetr", "transformers", "object-detection", largeWeights, map[string]string{
		"config.json": `{"architectures": ["RTDetrForObjectDetection"], "model_type": "rt_detr", "torch_dtype": "float16"}`})
	p = planFor(t, big, "transformers-object-detection")
	if !p.GPU || p.CUDA == "" || p.Vars["Dtype"] != "float16" || hasRequirement(p, "timm") {
		t.Errorf("a 9 GB RT-DETR: gpu %v cuda %q dtype %v timm %v, want GPU, CUDA, float16 and no timm",
			p.GPU, p.CUDA, p.Vars["Dtype"], hasRequirement(p, "timm"))
	}
}

func TestImageSegmentationThreshold(t *testing.T) {
	semantic := hubModel("nvidia/segformer", "transformers", "image-segmentation", smallWeights, map[string]string{
		"config.json": `{"architectures": ["SegformerForSemanticSegmentation"], "model_type": "segformer"}`})
	if p := planFor(t, semantic, "transformers-image-segmentation"); hasInput(p, "threshold") {
		t.Error("a semantic segmenter scores no segments, yet it has a threshold input")
	}
	// The corpus's panoptic DETR: no config.json fetched, only the model info.
	panoptic := hubModel("facebook/detr-resnet-50-panoptic", "transformers", "image-segmentation", smallWeights, nil)
	panoptic.Config = []byte(`{"architectures": ["DetrForSegmentation"], "model_type": "detr"}`)
	p := planFor(t, panoptic, "transformers-image-segmentation")
	if th := input(t, p, "threshold"); th.Default != 0.9 {
		t.Errorf("panoptic threshold default %v, want 0.9", th.Default)
	}
	if !hasRequirement(p, "timm") {
		t.Error("a DETR without config.json defaults to a timm backbone: timm is missing")
	}
	renderAndReferee(t, p)
}

func hasInput(p *plan.Plan, name string) bool {
	_, ok := p.InputNamed(name)
	return ok
}

func TestZeroShotHypothesisFromCard(t *testing.T) {
	clip := `{"architectures": ["CLIPModel"], "model_type": "clip"}`
	cases := map[any]string{
		"a satellite photo of {}.": "a satellite photo of {}.",
		"a photo of {label}.":      defaultHypothesis, // str.format would fail on it
		"no placeholder":           defaultHypothesis,
		int64(3):                   defaultHypothesis,
	}
	for setting, want := range cases {
		m := hubModel("openai/clip", "transformers", "zero-shot-image-classification", smallWeights, map[string]string{"config.json": clip})
		m.Card.Settings = map[string]any{"hypothesis_template": setting}
		p := planFor(t, m, "transformers-zero-shot-image-classification")
		if got := input(t, p, "hypothesis_template").Default; got != want {
			t.Errorf("card hypothesis %v: default %v, want %q", setting, got, want)
		}
		if in := input(t, p, "candidate_labels"); !in.Required() {
			t.Error("candidate_labels must be required: there is no sensible default")
		}
	}
}

func TestDepthEstimationPlan(t *testing.T) {
	m := hubModel("Intel/dpt-large", "transformers", "depth-estimation", 1_400_000_000, map[string]string{
		"config.json": `{"architectures": ["DPTForDepthEstimation"], "model_type": "dpt"}`})
	p := planFor(t, m, "transformers-depth-estimation")
	if p.Output.Type != "Path" || !p.GPU {
		t.Errorf("DPT-large (1.4 GB): output %s gpu %v, want a Path on GPU", p.Output.Type, p.GPU)
	}
}
