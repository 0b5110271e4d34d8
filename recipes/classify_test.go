package recipes

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cogport/cogport/sources/hf"
)

// Models without a pipeline tag are classified by their head class.
func TestTaskFromArchitecture(t *testing.T) {
	cases := map[string]string{
		"ViltForQuestionAnswering":               "visual-question-answering",
		"BlipForQuestionAnswering":               "visual-question-answering",
		"LayoutLMForQuestionAnswering":           "document-question-answering",
		"LayoutLMv3ForQuestionAnswering":         "document-question-answering",
		"RobertaForQuestionAnswering":            "question-answering",
		"OwlViTForObjectDetection":               "zero-shot-object-detection",
		"Owlv2ForObjectDetection":                "zero-shot-object-detection",
		"GroundingDinoForObjectDetection":        "zero-shot-object-detection",
		"DetrForObjectDetection":                 "object-detection",
		"SegformerForSemanticSegmentation":       "image-segmentation",
		"Mask2FormerForUniversalSegmentation":    "image-segmentation",
		"OneFormerForUniversalSegmentation":      "image-segmentation",
		"MaskFormerForInstanceSegmentation":      "image-segmentation",
		"DetrForSegmentation":                    "image-segmentation",
		"ConditionalDetrForSegmentation":         "image-segmentation",
		"VitsModel":                              "text-to-speech",
		"BarkModel":                              "text-to-speech",
		"SpeechT5ForTextToSpeech":                "text-to-speech",
		"MusicgenForConditionalGeneration":       "text-to-audio",
		"MusicgenMelodyForConditionalGeneration": "text-to-audio",
		"CLIPForZeroShotImageClassification":     "zero-shot-image-classification",
		"ViTForImageClassification":              "image-classification",
		"WhisperForConditionalGeneration":        "automatic-speech-recognition",
		"WhisperForAudioClassification":          "audio-classification",
		"SamModel":                               "mask-generation",
		"LlamaForCausalLM":                       "text-generation",
		"BertModel":                              "",
		"T5ForConditionalGeneration":             "",
		"Blip2ForConditionalGeneration":          "",
		"ViltForImagesAndTextClassification":     "",
		"LayoutLMv2ForSequenceClassification":    "text-classification",
		"MMGroundingDinoForObjectDetection":      "zero-shot-object-detection",
		"OmDetTurboForObjectDetection":           "zero-shot-object-detection",
		"Wav2Vec2ForCTC":                         "automatic-speech-recognition",
		"DPTForDepthEstimation":                  "depth-estimation",
		"ASTForAudioClassification":              "audio-classification",
		"DeformableDetrForObjectDetection":       "object-detection",
		"UperNetForSemanticSegmentation":         "image-segmentation",
		"ZoeDepthForDepthEstimation":             "depth-estimation",
		"Owlv2VisionModel":                       "",
		"SiglipModel":                            "zero-shot-image-classification",
		"Siglip2ForZeroShotImageClassification":  "zero-shot-image-classification",
	}
	for arch, want := range cases {
		if got := taskFromArchitecture(arch); got != want {
			t.Errorf("taskFromArchitecture(%s) = %q, want %q", arch, got, want)
		}
	}
}

// The head class decides the recipe of an untagged model (no pipeline
// tag, no card): each lands where its task's recipe is.
func TestUntaggedModelsReachTheirRecipe(t *testing.T) {
	cases := []struct{ arch, modelType, recipe string }{
		{"ViltForQuestionAnswering", "vilt", "transformers-visual-question-answering"},
		{"LayoutLMv3ForQuestionAnswering", "layoutlmv3", "transformers-document-question-answering"},
		{"Mask2FormerForUniversalSegmentation", "mask2former", "transformers-image-segmentation"},
		{"OwlViTForObjectDetection", "owlvit", "transformers-pipeline"},
	}
	for _, tc := range cases {
		m := testModel{id: "acme/untagged", arch: tc.arch, modelType: tc.modelType, files: []string{"config.json"},
			weightBytes: smallWeights}.model()
		if c := Classify(m); c.Library != "transformers" {
			t.Errorf("%s: library %q, want transformers", tc.arch, c.Library)
		}
		if p := buildPlan(t, m, Options{}); p.Recipe != tc.recipe {
			t.Errorf("%s: recipe %s, want %s", tc.arch, p.Recipe, tc.recipe)
		}
	}
}

// A timm folder without a card says what it is only in config.json:
// "architecture" and pretrained_cfg, no transformers architectures.
func TestTimmFolderWithoutCard(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("config.json", `{"architecture": "resnet18", "num_classes": 1000, "num_features": 512,
		"pretrained_cfg": {"tag": "a1_in1k", "input_size": [3, 224, 224], "num_classes": 1000}}`)
	write("model.safetensors", "weights")
	reg := Default()
	m, err := hf.LoadLocal(dir, reg.Needs)
	if err != nil {
		t.Fatal(err)
	}
	if c := Classify(m); c.Library != "timm" || c.Task != "image-classification" {
		t.Fatalf("Classify = %+v, want timm image-classification", c)
	}
	p, err := reg.Build(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Recipe != "timm-image-classification" {
		t.Errorf("recipe %s, want timm-image-classification", p.Recipe)
	}
	// A transformers config is not mistaken for timm's, even with a
	// pretrained_cfg-like key.
	tf := testModel{id: "acme/vit", arch: "ViTForImageClassification", modelType: "vit",
		configs: map[string]string{"config.json": `{"architectures": ["ViTForImageClassification"], "model_type": "vit", "architecture": "x", "pretrained_cfg": {}}`}}.model()
	if lib := Classify(tf).Library; lib != "transformers" {
		t.Errorf("transformers config classified as %s", lib)
	}
}
