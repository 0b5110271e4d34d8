package recipes

import (
	"strings"
	"testing"

	"github.com/cogport/cogport/plan"
)

func TestImageToImage(t *testing.T) {
	m := sdModel("StableDiffusionXLImg2ImgPipeline", "EulerDiscreteScheduler")
	m.PipelineTag = "image-to-image"
	m.Card.Settings = map[string]any{"strength": 0.5}
	p := build(t, m, Options{})
	if p.Recipe != "diffusers-image-to-image" || p.Template != "diffusers_image_to_image" {
		t.Fatalf("recipe %s", p.Recipe)
	}
	if in := input(t, p, "strength"); in.Default != 0.5 || *in.Le != 1 {
		t.Errorf("strength %+v", in)
	}
	if in := input(t, p, "image"); in.Type != "Path" {
		t.Errorf("image %+v", in)
	}
	// SDXL img2img takes its size from the image: no width= argument.
	args := strings.Join(p.Vars["CallArgs"].([]string), ", ")
	if !strings.Contains(args, "image=init_image") || strings.Contains(args, "width=") {
		t.Errorf("call args %s", args)
	}
	// An SD 1.x repo tagged image-to-image loads the family's img2img class.
	m = sdModel("StableDiffusionPipeline", "PNDMScheduler")
	m.PipelineTag = "image-to-image"
	if p := build(t, m, Options{}); p.Vars["PipelineClass"] != "StableDiffusionImg2ImgPipeline" {
		t.Errorf("class %v", p.Vars["PipelineClass"])
	}
}

// TestRefinerTakesNoLoRA: the SDXL refiner has no first text encoder and a
// UNet of its own, so a LoRA made for SDXL cannot load into it.
func TestRefinerTakesNoLoRA(t *testing.T) {
	refiner := pipelineModel("acme/refiner", "StableDiffusionXLImg2ImgPipeline",
		[]string{"unet", "vae", "text_encoder_2", "scheduler"}, nil)
	refiner.Configs["model_index.json"] = []byte(`{"_class_name": "StableDiffusionXLImg2ImgPipeline",
		"requires_aesthetics_score": true, "text_encoder": [null, null],
		"text_encoder_2": ["transformers", "CLIPTextModelWithProjection"], "unet": ["diffusers", "UNet2DConditionModel"],
		"vae": ["diffusers", "AutoencoderKL"], "scheduler": ["diffusers", "EulerDiscreteScheduler"]}`)
	refiner.PipelineTag = "image-to-image"
	p := build(t, refiner, Options{})
	if _, ok := p.InputNamed("lora_url"); ok || p.Vars["LoraURL"] != false || pinsPackage(p, "peft") {
		t.Errorf("refiner: lora_url offered (LoraURL %v, peft %v)", p.Vars["LoraURL"], pinsPackage(p, "peft"))
	}
	// SDXL's base, served as img2img, keeps them.
	base := sdModel("StableDiffusionXLImg2ImgPipeline", "EulerDiscreteScheduler")
	base.PipelineTag = "image-to-image"
	input(t, build(t, base, Options{}), "lora_url")
}

func TestInpainting(t *testing.T) {
	// Inpainting repos are often tagged text-to-image: the class decides.
	m := sdModel("StableDiffusionInpaintPipeline", "PNDMScheduler")
	m.PipelineTag = "text-to-image"
	p := build(t, m, Options{})
	if p.Recipe != "diffusers-inpainting" {
		t.Fatalf("recipe %s", p.Recipe)
	}
	input(t, p, "mask")
	args := strings.Join(p.Vars["CallArgs"].([]string), ", ")
	if !strings.Contains(args, "mask_image=mask_image") || !strings.Contains(args, "width=init_image.width") {
		t.Errorf("call args %s", args)
	}
	fill := pipelineModel("acme/fill", "FluxFillPipeline", []string{"transformer", "vae", "text_encoder"}, nil)
	p = build(t, fill, Options{})
	if input(t, p, "guidance_scale").Default != 30.0 || input(t, p, "num_inference_steps").Default != int64(50) ||
		input(t, p, "strength").Default != 1.0 {
		t.Errorf("FLUX Fill defaults: %+v", p.Inputs)
	}
	if _, ok := p.InputNamed("negative_prompt"); ok {
		t.Error("FLUX takes no negative prompt")
	}
}

func TestVideo(t *testing.T) {
	wan := pipelineModel("acme/wan", "WanPipeline", []string{"transformer", "vae", "text_encoder"}, nil)
	wan.Card.Settings = map[string]any{"num_frames": int64(50)}
	p := build(t, wan, Options{})
	if p.Recipe != "diffusers-text-to-video" || p.Output.Type != "Path" {
		t.Fatalf("recipe %s output %s", p.Recipe, p.Output.Type)
	}
	// 50 is not 4k+1: the family's 81 stands.
	if in := input(t, p, "num_frames"); in.Default != int64(81) {
		t.Errorf("num_frames %+v", in)
	}
	if !hasReq(p.Requirements, "imageio-ffmpeg") || !hasReq(p.Requirements, "ftfy") {
		t.Errorf("requirements %v", p.Requirements)
	}
	ltx := pipelineModel("acme/ltx", "LTXImageToVideoPipeline", []string{"transformer", "vae", "text_encoder"}, nil)
	p = build(t, ltx, Options{})
	args := strings.Join(p.Vars["CallArgs"].([]string), ", ")
	if p.Recipe != "diffusers-prompt-image-to-video" || !strings.Contains(args, "frame_rate=fps") ||
		!strings.Contains(args, "image=first_frame") {
		t.Errorf("recipe %s args %s", p.Recipe, args)
	}
	svd := pipelineModel("acme/svd", "StableVideoDiffusionPipeline", []string{"unet", "vae", "image_encoder"},
		map[string]string{"unet/config.json": `{"num_frames": 25}`})
	svd.Card.Settings = map[string]any{"motion_bucket_id": int64(180), "decode_chunk_size": int64(4)}
	p = build(t, svd, Options{})
	if input(t, p, "num_frames").Default != int64(25) || input(t, p, "motion_bucket_id").Default != int64(180) {
		t.Errorf("svd inputs %+v", p.Inputs)
	}
	if args := strings.Join(p.Vars["CallArgs"].([]string), ", "); !strings.Contains(args, "decode_chunk_size=4") {
		t.Errorf("svd args %s", args)
	}
}

func TestUpscale(t *testing.T) {
	m := pipelineModel("acme/x4", "StableDiffusionUpscalePipeline", []string{"unet", "vae", "text_encoder"}, nil)
	m.Configs["model_index.json"] = []byte(`{"_class_name": "StableDiffusionUpscalePipeline", "max_noise_level": 250,
		"unet": ["diffusers", "UNet2DConditionModel"], "vae": ["diffusers", "AutoencoderKL"]}`)
	p := build(t, m, Options{})
	if p.Recipe != "diffusers-upscale" || p.Vars["Factor"] != int64(4) {
		t.Fatalf("recipe %s factor %v", p.Recipe, p.Vars["Factor"])
	}
	if in := input(t, p, "noise_level"); *in.Le != 250 || in.Default != int64(20) {
		t.Errorf("noise_level %+v", in)
	}
	latent := pipelineModel("acme/x2", "StableDiffusionLatentUpscalePipeline", []string{"unet", "vae", "text_encoder"}, nil)
	latent.Card.Settings = map[string]any{"num_inference_steps": int64(20), "guidance_scale": 0.0}
	p = build(t, latent, Options{})
	if _, ok := p.InputNamed("guidance_scale"); ok {
		t.Error("a card that runs without guidance must not offer guidance_scale")
	}
	if _, ok := p.InputNamed("noise_level"); ok {
		t.Error("the latent upscaler takes no noise_level")
	}
}

func hasReq(reqs []plan.Requirement, name string) bool {
	for _, r := range reqs {
		if r.Name == name {
			return true
		}
	}
	return false
}
