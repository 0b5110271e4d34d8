package recipes

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/internal/testenv"
)

// Recipes that other families add in parallel (vision and audio,
// diffusers). A row that expects one is skipped, with a log line, until it
// is registered; once every family is merged the table is green in full.
const (
	wantVLMChat           = "transformers-vlm-chat"
	wantZeroShotImage     = "transformers-zero-shot-image-classification"
	wantImageSegmentation = "transformers-image-segmentation"
	wantVQA               = "transformers-visual-question-answering"
	wantDocumentQA        = "transformers-document-question-answering"
	wantTimm              = "timm-image-classification"
	wantDiffusersLoRA     = "diffusers-lora"
	wantDiffusersT2V      = "diffusers-text-to-video"
)

// corpusRow is one folder of ../shared/corpus/hf and what its facts call
// for, decided from the model (DESIGN §4.3), not from cogport's output.
type corpusRow struct {
	dir string
	// recipe is the recipe that must be chosen; "" means refused.
	recipe string
	// refusal holds substrings of the refusal (or load) error.
	refusal []string
	// base is the base model an adapter names (PeftBase).
	base string
	// trusted is the recipe chosen with --trust-remote-code.
	trusted string
	// planned is the recipe whose plan is built, when the selected one
	// hands the model on (transformers text generation to vLLM by size).
	planned string
	// trustedRefusal holds substrings of the refusal that trusted gives
	// when even with --trust-remote-code it cannot package the model.
	trustedRefusal []string
	// why says which facts decide.
	why string
}

var corpusTable = []corpusRow{
	{dir: "BAAI--bge-large-zh-v1.5", recipe: "sentence-transformers-embeddings", why: "card tags sentence-transformers + feature-extraction, modules.json"},
	{dir: "CompVis--stable-diffusion-v1-4", recipe: "diffusers-text-to-image", why: "StableDiffusionPipeline"},
	{dir: "DocWobble--Orpheus_3B_Quantized", refusal: []string{"no recipe for task text-to-speech (library transformers)", "LlamaForCausalLM", "bitsandbytes"},
		why: "text-to-speech on a causal LM whose tokens are audio codes, pre-quantized with bitsandbytes"},
	{dir: "HuggingFaceH4--zephyr-orpo-141b-A35b-v0.1", recipe: "transformers-text-generation", planned: vllmRecipeName,
		why: "MixtralForCausalLM, chat template, 141B parameters: vLLM on 8 GPUs"},
	{dir: "Iamjuhwan--HY-MT1.5-yoruba-pidgin-lora", recipe: "peft-adapter", base: "tencent/HY-MT1.5-1.8B", why: "adapter_config.json, CAUSAL_LM"},
	{dir: "InvokeAI-test--textual_inversion_tests", refusal: []string{"no recipe for task unknown (library diffusers)"},
		why: "a textual-inversion embedding: no pipeline, no task"},
	{dir: "bert-base-uncased", recipe: "transformers-fill-mask", why: "307 to google-bert/bert-base-uncased, fill-mask"},
	{dir: "black-forest-labs--FLUX.1-dev", refusal: []string{"no commit sha"}, why: "the recording is an expand=inferenceProviderMapping answer: no model facts"},
	{dir: "blackhank--Langchain-side-project", recipe: "peft-adapter", base: "NousResearch/Llama-2-7b-chat-hf", why: "library peft, base_model:adapter: tag"},
	{dir: "briaai--RMBG-1.4", refusal: []string{"--trust-remote-code", "briarmbg.BriaRMBG"}, trusted: wantImageSegmentation,
		trustedRefusal: []string{"recipe transformers-image-segmentation", "replaces transformers' image-segmentation pipeline with its own (MyPipe.RMBGPipe)", "requirements.txt"},
		why:            "auto_map custom code: opt-in only; with the flag its custom_pipelines answer an image, not segments"},
	{dir: "damo-vilab--text-to-video-ms-1.7b", recipe: wantDiffusersT2V, why: "TextToVideoSDPipeline"},
	{dir: "dandelin--vilt-b32-finetuned-vqa", recipe: wantVQA, why: "visual-question-answering"},
	{dir: "deepset--roberta-base-squad2", recipe: "transformers-question-answering", why: "RobertaForQuestionAnswering"},
	{dir: "distilbert--distilbert-base-uncased-finetuned-sst-2-english", recipe: "transformers-text-classification", why: "text-classification"},
	{dir: "espnet--kan-bayashi_ljspeech_vits", refusal: []string{"no recipe for task text-to-speech (library espnet)"}, why: "library espnet"},
	{dir: "facebook--detr-resnet-50-panoptic", recipe: wantImageSegmentation, why: "DetrForSegmentation"},
	{dir: "facebook--sam-vit-huge", refusal: []string{"no recipe for task mask-generation (library transformers)"}, why: "SamModel: masks are images"},
	{dir: "google--flan-t5-xxl", recipe: "transformers-seq2seq", why: "text2text-generation, AutoModelForSeq2SeqLM"},
	{dir: "google--medgemma-27b-it", recipe: wantVLMChat, why: "image-text-to-text, gated"},
	{dir: "google--vit-base-patch16-224", recipe: "transformers-image-classification", why: "ViTForImageClassification"},
	{dir: "google-bert--bert-base-uncased", recipe: "transformers-fill-mask", why: "BertForMaskedLM"},
	{dir: "google-t5--t5-small", recipe: "transformers-seq2seq", why: "translation vs text2text-generation: seq2seq"},
	{dir: "keremberke--yolov5m-license-plate", refusal: []string{"no recipe for task object-detection (library yolov5)"}, why: "library yolov5"},
	{dir: "lambdalabs--sd-image-variations-diffusers", recipe: "diffusers-image-variations",
		why: "StableDiffusionImageVariationPipeline: image in, no prompt (img2img's prompt and strength do not apply)"},
	{dir: "meankitdas--stable_diffusion_xl", recipe: wantDiffusersLoRA, base: "stabilityai/stable-diffusion-xl-base-1.0",
		why: "pytorch_lora_weights.safetensors, base_model SDXL"},
	{dir: "meta-llama--Llama-2-7b-hf", recipe: "transformers-text-generation", why: "LlamaForCausalLM, no chat template"},
	{dir: "meta-llama--Llama-3.1-8B-Instruct", recipe: "transformers-text-generation", planned: vllmRecipeName,
		why: "gated LlamaForCausalLM, 16 GB of weights: vLLM"},
	{dir: "meta-llama--Meta-Llama-3-8B-Instruct", recipe: "transformers-text-generation", planned: vllmRecipeName,
		why: "gated LlamaForCausalLM, 16 GB of weights: vLLM"},
	{dir: "meta-llama--Meta-Llama-3.1-8B-Instruct", recipe: "transformers-text-generation", planned: vllmRecipeName,
		why: "307 to meta-llama/Llama-3.1-8B-Instruct: vLLM"},
	{dir: "mistralai--Devstral-Small-2507", recipe: "vllm-text-generation", why: "library_name vllm, params.json: vLLM chat"},
	{dir: "naver-clova-ix--donut-base-finetuned-docvqa", recipe: wantDocumentQA, why: "document-question-answering vs image-text-to-text"},
	{dir: "openai--clip-vit-base-patch32", recipe: wantZeroShotImage, why: "CLIPModel"},
	{dir: "openai--whisper-base", recipe: "transformers-speech-recognition", why: "WhisperForConditionalGeneration"},
	{dir: "riffusion--riffusion-model-v1", refusal: []string{"no recipe for task text-to-image (library unknown)"},
		why: "a scraped card only: no library tag, no files"},
	{dir: "runwayml--stable-diffusion-v1-5", recipe: "diffusers-text-to-image", why: "StableDiffusionPipeline"},
	{dir: "sayakpaul--sd-model-finetuned-lora-t4", recipe: wantDiffusersLoRA, base: "CompVis/stable-diffusion-v1-4",
		why: "card only: diffusers, lora, base_model"},
	{dir: "sentence-transformers--paraphrase-albert-small-v2", recipe: "sentence-transformers-embeddings", why: "sentence-similarity vs feature-extraction: embeddings"},
	{dir: "speechbrain--sepformer-wham", refusal: []string{"no recipe for task audio-to-audio (library speechbrain)"}, why: "library speechbrain"},
	{dir: "sshleifer--distilbart-cnn-12-6", recipe: "transformers-seq2seq", why: "summarization vs text2text-generation: seq2seq"},
	{dir: "stabilityai--sdxl-turbo", recipe: "diffusers-text-to-image", why: "StableDiffusionXLPipeline"},
	{dir: "stabilityai--stable-diffusion-2-1", recipe: "diffusers-text-to-image", why: "StableDiffusionPipeline"},
	{dir: "stabilityai--stable-diffusion-3.5-large", recipe: "diffusers-text-to-image", why: "StableDiffusion3Pipeline"},
	{dir: "stabilityai--stable-diffusion-xl-base-1.0", recipe: "diffusers-text-to-image", why: "StableDiffusionXLPipeline"},
	{dir: "t5-small", recipe: "transformers-seq2seq", why: "307 to google-t5/t5-small"},
	{dir: "timm--vit_base_patch16_224.augreg2_in21k_ft_in1k", recipe: wantTimm, why: "library_tag timm"},
}

// TestCorpusTable checks the recipe every corpus model gets from its
// recorded facts: models with a recorded model info go through the real Hub
// client and a fake Hub; the others (card, tree.json, repo/ configs) through
// LoadLocal on a rebuilt snapshot. Where the file list is complete the plan
// must also build (adapters with a stand-in base, see checkAdapter).
func TestCorpusTable(t *testing.T) {
	root := testenv.Corpus(t, "hf")
	checkTableCoversCorpus(t, root)
	reg := Default()
	registered := map[string]bool{}
	for _, info := range reg.Infos() {
		registered[info.Name] = true
	}
	for _, row := range corpusTable {
		t.Run(row.dir, func(t *testing.T) {
			dir := filepath.Join(root, row.dir)
			m, complete, err := loadCorpusModel(t, dir, reg)
			if len(row.refusal) > 0 && err != nil {
				assertMentions(t, err, row.refusal)
				return
			}
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			if row.recipe == "" {
				_, err := reg.Build(m, Options{})
				if !errors.Is(err, ErrNoRecipe) && !errors.Is(err, ErrRemoteCode) {
					t.Fatalf("want a refusal (%s), got %v", row.why, err)
				}
				assertMentions(t, err, row.refusal)
				checkTrusted(t, reg, registered, row, m)
				return
			}
			if !registered[row.recipe] {
				t.Skipf("expects %s (%s), which another family adds: not registered yet", row.recipe, row.why)
			}
			rc, c, err := reg.Select(m)
			if err != nil || rc.Info().Name != row.recipe {
				t.Fatalf("selected %v (class %+v, err %v), want %s: %s", recipeName(rc), c, err, row.recipe, row.why)
			}
			switch {
			case row.base != "":
				checkAdapter(t, root, reg, m, complete, row)
			case complete:
				p, err := reg.Build(m, Options{})
				switch {
				case err != nil:
					t.Errorf("build: %v", err)
				case row.planned != "" && p.Recipe != row.planned:
					t.Errorf("planned by %s, want %s: %s", p.Recipe, row.planned, row.why)
				}
			}
		})
	}
}

func recipeName(rc Recipe) string {
	if rc == nil {
		return "nothing"
	}
	return rc.Info().Name
}

func assertMentions(t *testing.T, err error, parts []string) {
	t.Helper()
	for _, p := range parts {
		if err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("error %v does not mention %q", err, p)
		}
	}
}

// checkTrusted: with --trust-remote-code a model refused for its code goes
// to the recipe of its task. That recipe packages it if it can load
// repository code, and is named in a refusal if it cannot: never a package
// that fails when it starts.
func checkTrusted(t *testing.T, reg *Registry, registered map[string]bool, row corpusRow, model *facts.Model) {
	t.Helper()
	if row.trusted == "" {
		return
	}
	if !registered[row.trusted] {
		t.Logf("with --trust-remote-code it expects %s, which another family adds: not registered yet", row.trusted)
		return
	}
	p, err := reg.Build(model, Options{TrustRemoteCode: true})
	if len(row.trustedRefusal) > 0 {
		if !errors.Is(err, ErrRemoteCode) {
			t.Fatalf("with --trust-remote-code: %v, want a refusal (%s)", err, row.why)
		}
		assertMentions(t, err, row.trustedRefusal)
		t.Logf("with --trust-remote-code: %v", err)
		return
	}
	switch {
	case err == nil && p.Recipe != row.trusted:
		t.Errorf("with --trust-remote-code: recipe %s, want %s", p.Recipe, row.trusted)
	case err != nil && !(errors.Is(err, ErrRemoteCode) && strings.Contains(err.Error(), "recipe "+row.trusted+" cannot load")):
		t.Errorf("with --trust-remote-code: %v; want recipe %s, or a refusal naming it", err, row.trusted)
	case err != nil:
		t.Logf("with --trust-remote-code: %v", err)
	}
}

// checkAdapter builds an adapter on its base. The base's facts are the
// corpus's recording of it when there is one; the PEFT adapters' bases are
// not recorded, so Llama-2-7b-hf's facts (a causal LM like both) stand in
// under the base's id. PEFT rows also check the base PeftBase names and the
// refusal without the base's facts.
func checkAdapter(t *testing.T, root string, reg *Registry, adapter *facts.Model, complete bool, row corpusRow) {
	t.Helper()
	if row.recipe == "peft-adapter" {
		if id, _, ok := PeftBase(adapter); !ok || id != row.base {
			t.Errorf("PeftBase = %q %v, want %s", id, ok, row.base)
		}
		if _, err := reg.Build(adapter, Options{}); err == nil || !strings.Contains(err.Error(), "base model's facts") {
			t.Errorf("without the base: %v", err)
		}
	}
	if !complete {
		return
	}
	baseDir := filepath.Join(root, strings.ReplaceAll(row.base, "/", "--"))
	standIn := false
	if _, err := os.Stat(baseDir); err != nil {
		baseDir, standIn = filepath.Join(root, "meta-llama--Llama-2-7b-hf"), true
	}
	base, _, err := loadCorpusModel(t, baseDir, reg)
	if err != nil {
		t.Fatal(err)
	}
	if standIn {
		base.ID = row.base
	}
	p, err := reg.Build(adapter, Options{Base: base})
	if err != nil {
		t.Fatalf("build on the base %s: %v", row.base, err)
	}
	if p.Weights.Repo != base.ID {
		t.Errorf("weights from %s, want the base's repository %s", p.Weights.Repo, base.ID)
	}
}

// checkTableCoversCorpus keeps the table complete: one row per model
// folder, and no row without its folder.
func checkTableCoversCorpus(t *testing.T, root string) {
	t.Helper()
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for _, r := range corpusTable {
		rows[r.dir] = true
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), "_") {
			dirs = append(dirs, e.Name())
			if !rows[e.Name()] {
				t.Errorf("corpus folder %s has no row in corpusTable", e.Name())
			}
		}
	}
	for _, r := range corpusTable {
		if !slices.Contains(dirs, r.dir) {
			t.Errorf("corpusTable row %s has no corpus folder", r.dir)
		}
	}
}
