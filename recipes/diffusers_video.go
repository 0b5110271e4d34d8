package recipes

import (
	"fmt"
	"math"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// sampleVideoImageURL is the first frame diffusers' image-to-video docs use.
const sampleVideoImageURL = "https://huggingface.co/datasets/huggingface/documentation-images/resolve/main/diffusers/svd/rocket.png"

// vfamily is one family of prompt-driven video pipelines and diffusers'
// defaults for it.
type vfamily struct {
	name     string
	t2v, i2v string
	dtype    string
	steps    int64
	guidance float64
	// width and height are the native size when the configs do not give
	// it; sides are multiples of multiple, at most maxSize.
	width, height, multiple, maxSize int64
	frames, maxFrames, fps           int64
	// frameStep: num_frames - 1 must be a multiple of it (0: any count).
	frameStep int64
	// frameRate: the pipeline conditions on the frame rate (frame_rate=).
	frameRate bool
	extraReqs []string
}

var vfamilies = []vfamily{
	{name: "modelscope", t2v: "TextToVideoSDPipeline", dtype: "float16", steps: 50, guidance: 9.0,
		width: 256, height: 256, multiple: 8, maxSize: 1024, frames: 16, maxFrames: 64, fps: 8},
	{name: "wan", t2v: "WanPipeline", i2v: "WanImageToVideoPipeline", dtype: "bfloat16", steps: 50, guidance: 5.0,
		width: 832, height: 480, multiple: 16, maxSize: 1280, frames: 81, maxFrames: 161, fps: 16, frameStep: 4,
		extraReqs: []string{"ftfy", "sentencepiece", "protobuf"}},
	{name: "ltx", t2v: "LTXPipeline", i2v: "LTXImageToVideoPipeline", dtype: "bfloat16", steps: 50, guidance: 3.0,
		width: 704, height: 512, multiple: 32, maxSize: 1280, frames: 161, maxFrames: 257, fps: 25, frameStep: 8,
		frameRate: true, extraReqs: []string{"sentencepiece", "protobuf"}},
}

// videoFamilyOf finds the family of a video class and whether the class
// takes an image (image-to-video).
func videoFamilyOf(class string) (vfamily, bool, bool) {
	for _, f := range vfamilies {
		if class != "" && class == f.t2v {
			return f, false, true
		}
		if class != "" && class == f.i2v {
			return f, true, true
		}
	}
	return vfamily{}, false, false
}

// diffusersTextToVideo covers prompt-to-video pipelines (ModelScope
// text-to-video, Wan, LTX-Video): a prompt in, an MP4 out.
type diffusersTextToVideo struct{}

func (diffusersTextToVideo) Info() Info {
	return Info{Name: "diffusers-text-to-video", Tasks: []string{"text-to-video"}, Libraries: []string{"diffusers"},
		Summary: "ModelScope text-to-video, Wan and LTX-Video pipelines: a prompt in, an MP4 video out"}
}

func (diffusersTextToVideo) Match(m *facts.Model, c Class) bool {
	_, image, ok := videoFamilyOf(c.PipelineClass)
	return c.Library == "diffusers" && ok && !image
}

func (diffusersTextToVideo) Needs(*facts.Model, Class) []string { return diffusersNeeds }

func (r diffusersTextToVideo) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	return planVideo(r.Info().Name, m, c, o, false)
}

// diffusersPromptImageToVideo covers the prompt-driven image-to-video
// pipelines of the same families: a first frame and a prompt in.
type diffusersPromptImageToVideo struct{}

func (diffusersPromptImageToVideo) Info() Info {
	return Info{Name: "diffusers-prompt-image-to-video", Tasks: []string{"image-to-video"}, Libraries: []string{"diffusers"},
		Summary: "Wan and LTX-Video image-to-video pipelines: a first frame and a prompt in, an MP4 video out"}
}

func (diffusersPromptImageToVideo) Match(m *facts.Model, c Class) bool {
	_, image, ok := videoFamilyOf(c.PipelineClass)
	return c.Library == "diffusers" && ok && image
}

func (diffusersPromptImageToVideo) Needs(*facts.Model, Class) []string { return diffusersNeeds }

func (r diffusersPromptImageToVideo) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	return planVideo(r.Info().Name, m, c, o, true)
}

// videoDefaults are a video package's defaults, card first.
type videoDefaults struct {
	width, height, frames, fps, steps int64
	guidance                          float64
}

func videoSettings(m *facts.Model, f vfamily) videoDefaults {
	d := videoDefaults{width: f.width, height: f.height, frames: settingInt(m, "num_frames", f.frames),
		fps: settingInt(m, "fps", f.fps), steps: settingInt(m, "num_inference_steps", f.steps),
		guidance: settingFloat(m, "guidance_scale", f.guidance)}
	if f.width == f.height {
		size := nativeSize(m, dfamily{size: f.width, maxSize: f.maxSize, multiple: f.multiple})
		d.width, d.height = size, size
	}
	if w, h := settingInt(m, "width", 0), settingInt(m, "height", 0); w > 0 && h > 0 && w%f.multiple == 0 && h%f.multiple == 0 {
		d.width, d.height = w, h
	}
	if f.frameStep > 0 && (d.frames-1)%f.frameStep != 0 {
		d.frames = f.frames
	}
	d.frames = int64(clamp(float64(d.frames), 1, float64(f.maxFrames)))
	return d
}

func planVideo(recipe string, m *facts.Model, c Class, o Options, image bool) (*plan.Plan, error) {
	f, _, _ := videoFamilyOf(c.PipelineClass)
	template := "diffusers_text_to_video"
	if image {
		template = "diffusers_image_to_video"
	}
	reqs := append([]string{"imageio", "imageio-ffmpeg", "pillow"}, f.extraReqs...)
	p, err := diffusersPlan(m, m, c, o, pipelineSpec{recipe: recipe, template: template, class: c.PipelineClass,
		dtype: diffusersDtype(m, f.dtype), reqs: reqs})
	if err != nil {
		return nil, err
	}
	d := videoSettings(m, f)
	p.Inputs = videoInputs(m, f, d, image)
	p.Output = plan.Output{Type: "Path", Description: "the generated video (MP4)"}
	rename := map[string]string{"fps": "", "image": "image=first_frame"}
	if f.frameRate {
		rename["fps"] = "frame_rate=fps"
	}
	p.Vars["CallArgs"] = append(callArgs(p, rename), "generator=generator")
	p.Vars["SizeMultiple"] = f.multiple
	p.Vars["FrameStep"] = f.frameStep
	p.Vars["Purpose"] = map[bool]string{false: "Text-to-video predictor", true: "Image-to-video predictor"}[image]
	p.Vars["Doc"] = map[bool]string{false: "Generate a video from a text prompt.",
		true: "Generate a video from a first frame and a text prompt."}[image]
	p.PredictTimeout = 1800
	p.Tests = videoTests(m, f, d, image)
	warm := []string{`prompt="warm-up"`, fmt.Sprintf("width=%d", d.width), fmt.Sprintf("height=%d", d.height),
		fmt.Sprintf("num_frames=%d", d.frames), "num_inference_steps=2"}
	if image {
		warm = append(warm[:1], append([]string{fmt.Sprintf(`image=Image.new("RGB", (%d, %d))`, d.width, d.height)}, warm[1:]...)...)
	}
	finishDiffusers(p, m, warm)
	return p, nil
}

func videoInputs(m *facts.Model, f vfamily, d videoDefaults, image bool) []plan.Input {
	ins := []plan.Input{promptInput("what the video should show.")}
	if image {
		ins = append(ins, plan.Input{Name: "image", Type: "Path",
			Description: "The first frame. It is cropped to the video's aspect ratio and scaled to its size."})
	}
	ins = append(ins, negativePromptInput("video"))
	size := fmt.Sprintf("in pixels, a multiple of %d. The model was trained at %dx%d.", f.multiple, d.width, d.height)
	lo := float64(f.multiple * 8)
	ins = append(ins,
		plan.Input{Name: "width", Type: "int", Default: d.width, Description: "Width of the video " + size,
			Ge: plan.F(lo), Le: plan.F(float64(f.maxSize))},
		plan.Input{Name: "height", Type: "int", Default: d.height, Description: "Height of the video " + size,
			Ge: plan.F(lo), Le: plan.F(float64(f.maxSize))},
		framesInput(d.frames, f.maxFrames, f.frameStep),
		plan.Input{Name: "fps", Type: "int", Default: d.fps, Ge: plan.F(1), Le: plan.F(math.Max(60, float64(d.fps))),
			Description: "Frames per second of the video file; the model was trained for " + fmt.Sprint(d.fps) + "."},
		stepsInput(d.steps),
		guidanceInput(d.guidance, "video"))
	if f.name == "modelscope" {
		ins = append(ins, schedulerInput(m, dfamily{schedulers: karrasSchedulers})...)
	}
	return append(ins, seedInput())
}

func framesInput(def, max, step int64) plan.Input {
	desc := "Number of frames to generate: more is a longer video, and slower."
	if step > 0 {
		desc = fmt.Sprintf("Number of frames to generate, one more than a multiple of %d: more is a longer video, and slower.", step)
	}
	return plan.Input{Name: "num_frames", Type: "int", Default: def, Ge: plan.F(1), Le: plan.F(float64(max)), Description: desc}
}

func videoTests(m *facts.Model, f vfamily, d videoDefaults, image bool) []plan.TestCase {
	prompt := examplePrompt(m, "a panda eating bamboo on a rock")
	ok := map[string]any{"prompt": prompt, "seed": int64(42)}
	bad := map[string]any{"prompt": prompt, "width": f.multiple*16 + 1}
	if image {
		prompt = examplePrompt(m, "the rocket lifts off into the sky")
		ok = map[string]any{"prompt": prompt, "image": exampleMedia(m, sampleVideoImageURL), "seed": int64(42)}
		bad = map[string]any{"prompt": prompt, "image": exampleMedia(m, sampleVideoImageURL), "width": f.multiple*16 + 1}
	}
	return []plan.TestCase{{Inputs: ok},
		{Inputs: bad, Checker: "error_contains", Expect: fmt.Sprintf("multiples of %d", f.multiple)}}
}
