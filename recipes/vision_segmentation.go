package recipes

import (
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// imageSegmentation covers transformers segmenters (DETR panoptic,
// Mask2Former, OneFormer, SegFormer, ...) through the image-segmentation
// pipeline, which picks the model's own panoptic, instance or semantic
// post-processing.
//
// Like object detection it returns a cog.BaseModel: segments, a dict that
// lists each segment with its label, score, area, box and mask (COCO
// run-length encoding, which pycocotools decodes), and image, the input with
// the segments painted over it.
type imageSegmentation struct{}

func (imageSegmentation) Info() Info {
	return Info{Name: "transformers-image-segmentation", Tasks: []string{"image-segmentation"}, Libraries: []string{"transformers"},
		Summary: "segmenters: image in, segments with labels and run-length masks as JSON plus an overlay image"}
}

func (imageSegmentation) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "image-segmentation"
}

func (imageSegmentation) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "preprocessor_config.json"}
}

func (r imageSegmentation) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	p := base(m, c, o, r.Info().Name, "transformers_image_segmentation")
	names := withTimm(m, []string{"transformers", "safetensors", "huggingface-hub", "pillow", "numpy"})
	if _, err := useModel(p, m, c, o, false, "float32", []string{"torchvision"}, names...); err != nil {
		return nil, err
	}
	if err := usePipeline(p, m, o, "image-segmentation", "dtype=self.dtype", "device=self.device"); err != nil {
		return nil, err
	}
	p.Inputs = []plan.Input{imageInput("Image to segment.")}
	// Semantic models label every pixel: there is no score to threshold.
	if !strings.HasSuffix(c.Architecture, "ForSemanticSegmentation") {
		p.Inputs = append(p.Inputs, thresholdInput(settingFloat(m, "threshold", 0.9),
			"Keep only segments scoring at least this (0 to 1)."))
	}
	useOutputModel(p, "an object: segments (the image width and height, and segments, each with label, score, area, box and a COCO run-length mask) and image (the input with the segments painted over it)")
	p.Vars["Purpose"] = "Image-segmentation predictor"
	p.Vars["Doc"] = "Segment an image: the segments as JSON, and the image with them painted over it."
	p.Deterministic = true
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"image": exampleMedia(m, sampleImageURL)},
		Checker: "jq_query", Expect: ".segments.segments | length > 0"}}
	return p, nil
}
