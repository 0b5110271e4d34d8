package recipes

import (
	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// imageClassification covers transformers image classifiers (ViT, ConvNeXt,
// ...): image in, the top labels with their scores out.
type imageClassification struct{}

func (imageClassification) Info() Info {
	return Info{Name: "transformers-image-classification", Tasks: []string{"image-classification"}, Libraries: []string{"transformers"},
		Summary: "image classifiers: image in, top labels and scores out"}
}

func (imageClassification) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "image-classification"
}

func (imageClassification) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "preprocessor_config.json"}
}

func (r imageClassification) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	p := base(m, c, o, r.Info().Name, "transformers_image_classification")
	if _, err := useWeights(p, m, c, o, ""); err != nil {
		return nil, err
	}
	gpu := !runsOnCPU(m, p)
	if err := useStack(p, transformersStack, gpu, []string{"torchvision"},
		"transformers", "safetensors", "huggingface-hub", "pillow"); err != nil {
		return nil, err
	}
	labels := int64(len(cfg(m, "config.json", "id2label").Map()))
	if labels < 2 {
		labels = 1000
	}
	p.Inputs = []plan.Input{
		{Name: "image", Type: "Path", Description: "Image to classify."},
		{Name: "top_k", Type: "int", Default: min(int64(5), labels), Ge: plan.F(1), Le: plan.F(float64(labels)),
			Description: "How many of the likeliest labels to return."},
	}
	p.Output = plan.Output{Type: "dict", Description: "label → probability (a JSON object keeps no order: sort by value for a ranking)"}
	// On a GPU the weights load in the dtype they were saved in; on the CPU,
	// choose_device makes it float32.
	p.Vars["Dtype"] = modelDtype(m, "float32")
	useLoadArgs(p, m, o, map[string][]string{"ProcessorArgs": {"model_dir"}, "ModelArgs": {"model_dir", "dtype=self.dtype"}})
	p.Vars["Purpose"] = "Image-classification predictor"
	p.Vars["Doc"] = "Classify an image: the top_k labels with their probabilities."
	p.Deterministic = true
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"image": exampleMedia(m, sampleImageURL), "top_k": int64(3)},
		Checker: "jq_query", Expect: "length == 3"}}
	return p, nil
}

// cpuBytes is the size of weights below which a classifier or an embedding
// model answers fast enough on CPU: about 300M parameters in float32.
const cpuBytes = 1_200_000_000

// runsOnCPU decides that small models go to CPU hardware, which is cheaper
// and starts faster than a GPU for them.
func runsOnCPU(m *facts.Model, p *plan.Plan) bool {
	if m.Parameters > 0 {
		return m.Parameters <= cpuBytes/4
	}
	return p.Weights.TotalBytes > 0 && p.Weights.TotalBytes <= cpuBytes
}
