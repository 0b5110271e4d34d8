package recipes

import (
	"fmt"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// timmImageClassification covers timm image classifiers. timm reads the
// model's config.json and weights from the downloaded folder (its
// local-dir: source, timm >= 1.0.16), so nothing is fetched from the Hub at
// start-up; the label names come from config.json (label_names and
// label_descriptions) when it has them, else from timm's ImageNet tables
// when the class count is an ImageNet one, else they are the class indices.
type timmImageClassification struct{}

func (timmImageClassification) Info() Info {
	return Info{Name: "timm-image-classification", Tasks: []string{"image-classification"}, Libraries: []string{"timm"},
		Summary: "timm image classifiers: image in, top labels and probabilities out"}
}

func (timmImageClassification) Match(m *facts.Model, c Class) bool {
	return c.Library == "timm" && c.Task == "image-classification"
}

func (timmImageClassification) Needs(*facts.Model, Class) []string {
	return []string{"config.json"}
}

func (r timmImageClassification) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	classes, err := timmClasses(m)
	if err != nil {
		return nil, err
	}
	p := base(m, c, o, r.Info().Name, "timm_image_classification")
	if _, err := useModel(p, m, c, o, false, "float32", []string{"torchvision"},
		"timm", "safetensors", "huggingface-hub", "pillow"); err != nil {
		return nil, err
	}
	p.Inputs = []plan.Input{imageInput("Image to classify."), topKInput(classes, "labels")}
	p.Output = plan.Output{Type: "dict", Description: "label → probability (a JSON object keeps no order: sort by value for a ranking)"}
	p.Vars["Purpose"] = "Image-classification predictor"
	p.Vars["Doc"] = "Classify an image: the top_k labels with their probabilities."
	p.Deterministic = true
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"image": exampleMedia(m, sampleImageURL), "top_k": min(int64(3), classes)},
		Checker: "jq_query", Expect: fmt.Sprintf("length == %d", min(int64(3), classes))}}
	return p, nil
}

// timmClasses is the classifier's number of classes from config.json (timm
// writes it at the top and in pretrained_cfg), 1000 (ImageNet) when the
// config does not say. A model with no classifier is refused: it embeds
// images rather than classifying them.
func timmClasses(m *facts.Model) (int64, error) {
	for _, key := range []string{"num_classes", "pretrained_cfg.num_classes"} {
		v := cfg(m, "config.json", key)
		if !v.Exists() {
			continue
		}
		if v.Int() < 1 {
			return 0, fmt.Errorf("%w for task image-classification on %s: config.json says num_classes %d, so it has no classifier head (an image-feature model)",
				ErrNoRecipe, displayID(m), v.Int())
		}
		return v.Int(), nil
	}
	if n := int64(len(cfg(m, "config.json", "label_names").Array())); n > 0 {
		return n, nil
	}
	return 1000, nil
}
