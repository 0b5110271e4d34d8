package recipes

import "testing"

func TestTimmClasses(t *testing.T) {
	cases := map[string]int64{
		`{"architecture": "resnet50", "num_classes": 1000}`:                                1000,
		`{"architecture": "vit_base", "pretrained_cfg": {"num_classes": 11821}}`:           11821,
		`{"architecture": "convnext_nano", "label_names": ["cat", "dog", "fox"]}`:          3,
		`{"architecture": "efficientnet_b0"}`:                                              1000,
		`{"architecture": "x", "num_classes": 7, "pretrained_cfg": {"num_classes": 1000}}`: 7,
	}
	for config, want := range cases {
		m := hubModel("timm/m", "timm", "image-classification", smallWeights, map[string]string{"config.json": config})
		p := planFor(t, m, "timm-image-classification")
		if k := input(t, p, "top_k"); *k.Le != float64(want) || k.Default != min(int64(5), want) {
			t.Errorf("%s: top_k %v ≤ %v, want ≤ %d", config, k.Default, *k.Le, want)
		}
		if !hasRequirement(p, "timm") || hasRequirement(p, "transformers") {
			t.Errorf("%s: requirements %v, want timm and not transformers", config, p.Requirements)
		}
	}
}

func TestTimmFeatureModelRefused(t *testing.T) {
	m := hubModel("timm/vit_base_patch14_dinov2", "timm", "image-classification", smallWeights, map[string]string{
		"config.json": `{"architecture": "vit_base_patch14_dinov2", "num_classes": 0}`})
	refused(t, m, "no classifier head")
}

func TestTimmLargeOnGPU(t *testing.T) {
	m := hubModel("timm/eva02_large_patch14_448.mim_m38m_ft_in22k_in1k", "timm", "image-classification", largeWeights,
		map[string]string{"config.json": `{"architecture": "eva02_large_patch14_448", "num_classes": 1000}`})
	p := planFor(t, m, "timm-image-classification")
	if !p.GPU {
		t.Error("a 9 GB timm model should get a GPU")
	}
}
