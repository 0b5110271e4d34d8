package recipes

import (
	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// depthEstimation covers monocular depth models (DPT, Depth Anything, GLPN,
// ZoeDepth, ...) through the depth-estimation pipeline: image in, the depth
// map as a grayscale PNG the size of the input out.
type depthEstimation struct{}

func (depthEstimation) Info() Info {
	return Info{Name: "transformers-depth-estimation", Tasks: []string{"depth-estimation"}, Libraries: []string{"transformers"},
		Summary: "monocular depth: image in, depth map image out"}
}

func (depthEstimation) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "depth-estimation"
}

func (depthEstimation) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "preprocessor_config.json"}
}

func (r depthEstimation) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	p := base(m, c, o, r.Info().Name, "transformers_depth_estimation")
	if _, err := useModel(p, m, c, o, false, "float32", []string{"torchvision"},
		"transformers", "safetensors", "huggingface-hub", "pillow", "numpy"); err != nil {
		return nil, err
	}
	if err := usePipeline(p, m, o, "depth-estimation", "dtype=self.dtype", "device=self.device"); err != nil {
		return nil, err
	}
	p.Inputs = []plan.Input{imageInput("Image to estimate depth for.")}
	p.Output = plan.Output{Type: "Path", Description: "the depth map, a grayscale PNG the size of the input, scaled to 0–255"}
	p.Vars["Purpose"] = "Depth-estimation predictor"
	p.Vars["Doc"] = "Estimate depth: a grayscale depth map the size of the input."
	p.Deterministic = true
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"image": exampleMedia(m, sampleImageURL)}}}
	return p, nil
}
