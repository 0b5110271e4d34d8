package recipes

import (
	"fmt"
	"math"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// diffusersStableVideo covers Stable Video Diffusion: one image in, a short
// MP4 out, its motion set by motion_bucket_id rather than a prompt.
type diffusersStableVideo struct{}

func (diffusersStableVideo) Info() Info {
	return Info{Name: "diffusers-stable-video-diffusion", Tasks: []string{"image-to-video"}, Libraries: []string{"diffusers"},
		Summary: "Stable Video Diffusion: an image in, an MP4 video out; frames, fps and motion from the card and config"}
}

func (diffusersStableVideo) Match(m *facts.Model, c Class) bool {
	return c.Library == "diffusers" && c.PipelineClass == "StableVideoDiffusionPipeline"
}

func (diffusersStableVideo) Needs(*facts.Model, Class) []string { return diffusersNeeds }

// svdDefaults are the pipeline's defaults, the card's values first and the
// frame count from the UNet's config (14 for SVD, 25 for SVD-XT).
type svdDefaults struct {
	width, height, frames, fps, steps, motion, chunk int64
	noise                                            float64
}

func svdSettings(m *facts.Model) svdDefaults {
	frames := cfg(m, "unet/config.json", "num_frames").Int()
	if frames <= 0 {
		frames = 14
	}
	d := svdDefaults{width: 1024, height: 576, frames: settingInt(m, "num_frames", frames),
		fps: settingInt(m, "fps", 7), steps: settingInt(m, "num_inference_steps", 25),
		motion: settingInt(m, "motion_bucket_id", 127), chunk: settingInt(m, "decode_chunk_size", 8),
		noise: settingFloat(m, "noise_aug_strength", 0.02)}
	if w, h := settingInt(m, "width", 0), settingInt(m, "height", 0); w > 0 && h > 0 && w%64 == 0 && h%64 == 0 {
		d.width, d.height = w, h
	}
	d.motion = int64(clamp(float64(d.motion), 1, 255))
	d.noise = clamp(d.noise, 0, 1)
	d.chunk = int64(clamp(float64(d.chunk), 1, float64(d.frames)))
	return d
}

func (r diffusersStableVideo) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	p, err := diffusersPlan(m, m, c, o, pipelineSpec{recipe: r.Info().Name, template: "diffusers_image_to_video",
		class: c.PipelineClass, dtype: diffusersDtype(m, "float16"), reqs: []string{"imageio", "imageio-ffmpeg", "pillow"}})
	if err != nil {
		return nil, err
	}
	d := svdSettings(m)
	p.Inputs = svdInputs(d)
	p.Output = plan.Output{Type: "Path", Description: "the generated video (MP4)"}
	args := callArgs(p, map[string]string{"image": "image=first_frame"})
	p.Vars["CallArgs"] = append(args, fmt.Sprintf("decode_chunk_size=%d", d.chunk), "generator=generator")
	p.Vars["SizeMultiple"] = int64(64)
	p.Vars["FrameStep"] = int64(0)
	p.Vars["Purpose"] = "Image-to-video predictor"
	p.Vars["Doc"] = "Generate a short video that starts from an image."
	p.PredictTimeout = 1800
	image := exampleMedia(m, sampleVideoImageURL)
	p.Tests = []plan.TestCase{{Inputs: map[string]any{"image": image, "seed": int64(42)}},
		{Inputs: map[string]any{"image": image, "width": int64(1000)}, Checker: "error_contains", Expect: "multiples of 64"}}
	finishDiffusers(p, m, []string{fmt.Sprintf(`image=Image.new("RGB", (%d, %d))`, d.width, d.height),
		fmt.Sprintf("width=%d", d.width), fmt.Sprintf("height=%d", d.height), fmt.Sprintf("num_frames=%d", d.frames),
		"num_inference_steps=2", fmt.Sprintf("decode_chunk_size=%d", d.chunk)})
	return p, nil
}

func svdInputs(d svdDefaults) []plan.Input {
	size := fmt.Sprintf("in pixels, a multiple of 64. The model was trained at %dx%d.", d.width, d.height)
	return []plan.Input{
		{Name: "image", Type: "Path", Description: "The first frame. It is cropped to the video's aspect ratio and scaled to its size."},
		{Name: "width", Type: "int", Default: d.width, Description: "Width of the video " + size, Ge: plan.F(256), Le: plan.F(2048)},
		{Name: "height", Type: "int", Default: d.height, Description: "Height of the video " + size, Ge: plan.F(256), Le: plan.F(2048)},
		framesInput(d.frames, max(d.frames, 25), 0),
		{Name: "fps", Type: "int", Default: d.fps, Ge: plan.F(1), Le: plan.F(math.Max(30, float64(d.fps))),
			Description: "Frames per second: the model is conditioned on it, and the video file plays at it."},
		{Name: "motion_bucket_id", Type: "int", Default: d.motion, Ge: plan.F(1), Le: plan.F(255),
			Description: "How much motion the video has: higher moves more."},
		{Name: "noise_aug_strength", Type: "float", Default: d.noise, Ge: plan.F(0), Le: plan.F(1),
			Description: "Noise added to the first frame: more lets the video stray further from it."},
		stepsInput(d.steps),
		seedInput(),
	}
}
