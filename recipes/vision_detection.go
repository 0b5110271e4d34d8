package recipes

import (
	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// objectDetection covers transformers object detectors (DETR, RT-DETR,
// YOLOS, ...) through the object-detection pipeline, which applies each
// model's own post-processing.
//
// The output is a cog.BaseModel with two fields: detections, a dict, and
// image, the input with the boxes drawn on it. Boxes are naturally a list of
// dicts, but a list[dict] field only works from cog 0.19 (the 0.17 and 0.18
// SDKs reject it at start-up), while the README promises cog 0.16 and newer;
// a dict field works everywhere, so the list sits inside it, next to the
// image size the pixel boxes refer to.
type objectDetection struct{}

func (objectDetection) Info() Info {
	return Info{Name: "transformers-object-detection", Tasks: []string{"object-detection"}, Libraries: []string{"transformers"},
		Summary: "object detectors: image in, boxes with labels and scores as JSON plus the image with the boxes drawn"}
}

func (objectDetection) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "object-detection"
}

func (objectDetection) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "preprocessor_config.json"}
}

func (r objectDetection) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	p := base(m, c, o, r.Info().Name, "transformers_object_detection")
	names := withTimm(m, []string{"transformers", "safetensors", "huggingface-hub", "pillow"})
	if _, err := useModel(p, m, c, o, false, "float32", []string{"torchvision"}, names...); err != nil {
		return nil, err
	}
	if err := usePipeline(p, m, o, "object-detection", "dtype=self.dtype", "device=self.device"); err != nil {
		return nil, err
	}
	p.Inputs = []plan.Input{
		imageInput("Image to look for objects in."),
		thresholdInput(settingFloat(m, "threshold", 0.5), "Keep only detections scoring at least this (0 to 1)."),
	}
	useOutputModel(p, "an object: detections (the image width and height, and objects, each with label, score and pixel box) and image (the input with the boxes drawn)")
	p.Vars["Purpose"] = "Object-detection predictor"
	p.Vars["Doc"] = "Detect objects: their boxes as JSON, and the image with the boxes drawn."
	p.Deterministic = true
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"image": exampleMedia(m, sampleImageURL), "threshold": 0.5},
		Checker: "jq_query", Expect: ".detections.objects | length > 0"}}
	return p, nil
}
