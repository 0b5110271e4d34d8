package recipes

import (
	"path"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/cogport/cogport/facts"
)

// Class is what a model is: its library and its task, decided once.
type Class struct {
	Library string `json:"library"`
	Task    string `json:"task"`
	// PipelineClass is the diffusers pipeline class, when there is one.
	PipelineClass string `json:"pipeline_class,omitempty"`
	// Architecture is the first transformers architecture, when there is one.
	Architecture string `json:"architecture,omitempty"`
}

// knownLibraries are the library names cogport recognises in tags.
var knownLibraries = []string{
	"diffusers", "sentence-transformers", "peft", "timm", "transformers", "open_clip",
	"speechbrain", "espnet", "gguf", "mlx", "onnx", "keras", "tf-keras", "adapter-transformers",
	"setfit", "span-marker", "flair", "stanza", "fastai", "spacy", "ultralytics", "yolov5", "vllm",
}

// Classify decides library and task with the Hub's own precedence (DESIGN
// §4.3): what the API says, then the card, then tags, then the files.
func Classify(m *facts.Model) Class {
	c := Class{
		PipelineClass: pipelineClass(m),
		Architecture:  gjson.GetBytes(m.Config, "architectures.0").String(),
	}
	c.Library = library(m)
	// A repository of adapter weights only is a PEFT adapter whatever its
	// card says: trainers often write library_name: transformers.
	if isAdapterRepo(m) && (c.Library == "" || c.Library == "transformers") {
		c.Library = "peft"
	}
	c.Task = task(m, c)
	// sentence-transformers models are tagged both sentence-similarity and
	// feature-extraction; either way they embed text.
	if c.Library == "sentence-transformers" && c.Task == "" {
		c.Task = "sentence-similarity"
	}
	// timm's models are image classifiers unless tagged otherwise (the Hub
	// gives them that pipeline tag by default).
	if c.Library == "timm" && c.Task == "" {
		c.Task = "image-classification"
	}
	if c.Library == "peft" && c.Task == "" {
		c.Task = peftTaskTypes[adapterField(m, "task_type")]
	}
	// text2text-generation, translation and summarization are legacy tags
	// that cards still put on chat and translation LLMs; a causal LM
	// generates text, prompted for the task, whatever its tag says.
	if seq2seqTasks[c.Task] && strings.HasSuffix(c.Architecture, "ForCausalLM") {
		c.Task = "text-generation"
	}
	return c
}

// isAdapterRepo reports whether the repository holds a PEFT adapter and no
// model of its own.
func isAdapterRepo(m *facts.Model) bool {
	return m.HasFile("adapter_config.json") && !m.HasFile("config.json") && !m.HasFile("model_index.json")
}

// adapterField reads a key of adapter_config.json, fetched or as the model
// info's config.peft reports it.
func adapterField(m *facts.Model, key string) string {
	if s := cfg(m, "adapter_config.json", key).String(); s != "" {
		return s
	}
	return gjson.GetBytes(m.Config, "peft."+key).String()
}

// peftTaskTypes maps PEFT's task_type to the pipeline task it serves.
var peftTaskTypes = map[string]string{
	"CAUSAL_LM":          "text-generation",
	"SEQ_2_SEQ_LM":       "text2text-generation",
	"SEQ_CLS":            "text-classification",
	"TOKEN_CLS":          "token-classification",
	"QUESTION_ANS":       "question-answering",
	"FEATURE_EXTRACTION": "feature-extraction",
}

func library(m *facts.Model) string {
	if m.LibraryName != "" {
		return m.LibraryName
	}
	for _, key := range []string{"library_name", "library_tag"} {
		if s := m.Card.MetaString(key); s != "" {
			return s
		}
	}
	for _, lib := range knownLibraries {
		if m.HasTag(lib) {
			return lib
		}
	}
	return libraryFromFiles(m)
}

func libraryFromFiles(m *facts.Model) string {
	has := func(p string) bool { return m.HasFile(p) }
	hasPrefix := func(prefix string) bool {
		for _, f := range m.Files {
			if strings.HasPrefix(path.Base(f.Path), prefix) {
				return true
			}
		}
		return false
	}
	switch {
	case has("model_index.json"), has("pytorch_lora_weights.safetensors"):
		return "diffusers"
	case has("adapter_config.json"):
		return "peft"
	case has("modules.json"):
		return "sentence-transformers"
	case has("params.json") && hasPrefix("consolidated"):
		return "mistral"
	case hasSuffix(m, ".gguf"):
		return "gguf"
	case has("config.json") && timmConfig(m):
		return "timm"
	case has("config.json") && (m.TransformersInfo.AutoModel != "" || gjson.GetBytes(m.Config, "architectures").Exists()):
		return "transformers"
	}
	return ""
}

// timmConfig reports whether config.json is timm's: timm writes the model
// name as "architecture" (singular) with its pretrained_cfg, and none of
// transformers' architectures or model_type.
func timmConfig(m *facts.Model) bool {
	has := func(key string) bool {
		return cfg(m, "config.json", key).Exists() || gjson.GetBytes(m.Config, key).Exists()
	}
	return has("architecture") && has("pretrained_cfg") && !has("architectures") && !has("model_type")
}

// classifyNeeds are the files Classify reads when the model info and card
// leave the library open: config.json tells a timm folder without a card
// from a transformers one.
func classifyNeeds(m *facts.Model) []string {
	if m.HasFile("config.json") {
		return []string{"config.json"}
	}
	return nil
}

func hasSuffix(m *facts.Model, suffix string) bool {
	for _, f := range m.Files {
		if strings.HasSuffix(f.Path, suffix) {
			return true
		}
	}
	return false
}

func task(m *facts.Model, c Class) string {
	for _, t := range []string{m.PipelineTag, m.Card.MetaString("pipeline_tag"), m.TransformersInfo.PipelineTag} {
		if t != "" {
			return t
		}
	}
	if t := taskFromPipelineClass(c.PipelineClass); t != "" {
		return t
	}
	for _, t := range m.Tags {
		if knownTasks[t] {
			return t
		}
	}
	if t := taskFromArchitecture(c.Architecture); t != "" {
		return t
	}
	if seq2seqTypes[configModelType(m)] {
		return "text2text-generation"
	}
	return ""
}

// seq2seqTasks are the tasks of encoder-decoder language models.
var seq2seqTasks = map[string]bool{"text2text-generation": true, "translation": true, "summarization": true}

// seq2seqTypes are the model_type values of encoder-decoder language
// models, whose class names (T5ForConditionalGeneration, MarianMTModel) do
// not say their task.
var seq2seqTypes = map[string]bool{
	"t5": true, "mt5": true, "umt5": true, "longt5": true, "bart": true, "mbart": true, "pegasus": true,
	"pegasus_x": true, "bigbird_pegasus": true, "marian": true, "m2m_100": true, "nllb-moe": true,
	"led": true, "fsmt": true, "prophetnet": true, "plbart": true, "blenderbot": true, "blenderbot-small": true,
}

// modelType is config.json's model_type, fetched or from the model info.
func configModelType(m *facts.Model) string {
	if s := cfg(m, "config.json", "model_type").String(); s != "" {
		return s
	}
	return gjson.GetBytes(m.Config, "model_type").String()
}

// pipelineClass reads the diffusers class from the model info (the API
// spells it _class_name, some recorded answers class_name) or model_index.json.
func pipelineClass(m *facts.Model) string {
	for _, p := range []string{"diffusers._class_name", "diffusers.class_name"} {
		if s := gjson.GetBytes(m.Config, p).String(); s != "" {
			return s
		}
	}
	if b, ok := m.Configs["model_index.json"]; ok {
		return gjson.GetBytes(b, "_class_name").String()
	}
	for _, t := range m.TagValues("diffusers:") {
		return t
	}
	return ""
}

func taskFromPipelineClass(class string) string {
	switch {
	case class == "":
		return ""
	case strings.Contains(class, "Inpaint"):
		return "image-to-image"
	case strings.Contains(class, "Img2Img"), strings.Contains(class, "ImageVariation"):
		return "image-to-image"
	case strings.Contains(class, "Upscale"), strings.HasSuffix(class, "FillPipeline"):
		return "image-to-image"
	case class == "StableVideoDiffusionPipeline", strings.Contains(class, "ImageToVideo"):
		return "image-to-video"
	case strings.Contains(class, "TextToVideo"), strings.Contains(class, "Video"):
		return "text-to-video"
	case strings.HasSuffix(class, "Pipeline"):
		return "text-to-image"
	}
	return ""
}

// architectureModels are model classes whose names carry no task suffix.
var architectureModels = map[string]string{
	"SamModel":    "mask-generation",
	"VitsModel":   "text-to-speech",
	"BarkModel":   "text-to-speech",
	"CLIPModel":   "zero-shot-image-classification",
	"SiglipModel": "zero-shot-image-classification",
}

// architectureFamilies are model families whose head classes share a
// suffix with another task: ViLT's and BLIP's ForQuestionAnswering answer
// about an image, LayoutLM's about a scanned page, and the open-vocabulary
// detectors' ForObjectDetection take the labels to find. prefix is
// compared without case (OwlViT, Owlv2).
var architectureFamilies = []struct{ prefix, suffix, task string }{
	{"Vilt", "ForQuestionAnswering", "visual-question-answering"},
	{"Blip", "ForQuestionAnswering", "visual-question-answering"},
	{"LayoutLM", "ForQuestionAnswering", "document-question-answering"},
	{"OwlViT", "ForObjectDetection", "zero-shot-object-detection"},
	{"Owlv2", "ForObjectDetection", "zero-shot-object-detection"},
	{"GroundingDino", "ForObjectDetection", "zero-shot-object-detection"},
	{"MMGroundingDino", "ForObjectDetection", "zero-shot-object-detection"},
	{"OmDetTurbo", "ForObjectDetection", "zero-shot-object-detection"},
	// MusicGen's and MusicGen Melody's ForConditionalGeneration.
	{"Musicgen", "", "text-to-audio"},
}

// architectureTasks map a head class's suffix to its pipeline task; the
// longer suffixes come first (ForZeroShotImageClassification before
// ForImageClassification).
var architectureTasks = []struct{ suffix, task string }{
	{"ForCausalLM", "text-generation"},
	{"ForSequenceClassification", "text-classification"},
	{"ForTokenClassification", "token-classification"},
	{"ForVisualQuestionAnswering", "visual-question-answering"},
	{"ForQuestionAnswering", "question-answering"},
	{"ForMaskedLM", "fill-mask"},
	{"ForZeroShotImageClassification", "zero-shot-image-classification"},
	{"ForImageClassification", "image-classification"},
	{"ForSpeechSeq2Seq", "automatic-speech-recognition"},
	{"ForCTC", "automatic-speech-recognition"},
	{"ForObjectDetection", "object-detection"},
	{"ForSemanticSegmentation", "image-segmentation"},
	{"ForUniversalSegmentation", "image-segmentation"},
	{"ForInstanceSegmentation", "image-segmentation"},
	{"ForPanopticSegmentation", "image-segmentation"},
	// DETR's and Conditional DETR's panoptic heads.
	{"DetrForSegmentation", "image-segmentation"},
	{"ForDepthEstimation", "depth-estimation"},
	{"ForAudioClassification", "audio-classification"},
	{"ForTextToSpeech", "text-to-speech"},
}

func taskFromArchitecture(arch string) string {
	if t, ok := architectureModels[arch]; ok {
		return t
	}
	lower := strings.ToLower(arch)
	for _, f := range architectureFamilies {
		if strings.HasPrefix(lower, strings.ToLower(f.prefix)) && strings.HasSuffix(arch, f.suffix) {
			return f.task
		}
	}
	for _, a := range architectureTasks {
		if strings.HasSuffix(arch, a.suffix) {
			return a.task
		}
	}
	// Whisper's ForConditionalGeneration transcribes; its other heads
	// (ForAudioClassification) matched their suffix above.
	if strings.HasPrefix(arch, "Whisper") {
		return "automatic-speech-recognition"
	}
	return ""
}

// knownTasks are the Hub's pipeline tags (huggingface.js tasks) plus the
// legacy ones that still occur in model data.
var knownTasks = map[string]bool{
	"text-to-image": true, "image-to-image": true, "text-to-video": true, "image-to-video": true,
	"text-generation": true, "text2text-generation": true, "translation": true, "summarization": true,
	"automatic-speech-recognition": true, "text-to-speech": true, "text-to-audio": true,
	"audio-classification": true, "image-classification": true, "zero-shot-image-classification": true,
	"object-detection": true, "image-segmentation": true, "depth-estimation": true, "image-to-text": true,
	"image-text-to-text": true, "visual-question-answering": true, "document-question-answering": true,
	"fill-mask": true, "text-classification": true, "token-classification": true,
	"zero-shot-classification": true, "question-answering": true, "sentence-similarity": true,
	"feature-extraction": true, "audio-to-audio": true, "mask-generation": true,
	"unconditional-image-generation": true, "video-classification": true, "image-feature-extraction": true,
}
