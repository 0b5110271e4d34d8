//go:build runtime

package e2e_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cogport/cogport/e2e"
	"github.com/cogport/cogport/internal/cli"
	"github.com/cogport/cogport/internal/testenv"
)

// comfyPort is the port a generated package starts ComfyUI on.
const comfyPort = "8188"

// comfySandbox is where a ComfyUI package runs: the stand-in ComfyUI
// (e2e/comfystandin/main.py) in a folder seen at /ComfyUI, a private
// /tmp/comfyui and the stand-in pget on PATH, all through sandbox.sh.
type comfySandbox struct {
	comfy string // seen at /ComfyUI: main.py, models/
	work  string // seen at /tmp/comfyui
	bin   string // pget, pget.log
	root  string // the sandbox's root mount point
}

// newComfySandbox lays out the folders sandbox.sh mounts.
func newComfySandbox(t *testing.T) *comfySandbox {
	t.Helper()
	base := t.TempDir()
	sb := &comfySandbox{comfy: filepath.Join(base, "ComfyUI"), work: filepath.Join(base, "work"),
		bin: filepath.Join(base, "bin"), root: filepath.Join(base, "root")}
	for _, d := range []string{sb.comfy, sb.work, sb.bin, sb.root} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	copyFile(t, filepath.Join(standinDir(), "main.py"), filepath.Join(sb.comfy, "main.py"), 0o644)
	copyFile(t, filepath.Join(standinDir(), "pget"), filepath.Join(sb.bin, "pget"), 0o755)
	return sb
}

// wrap is the command cog's server runs under.
func (sb *comfySandbox) wrap() []string {
	return []string{filepath.Join(standinDir(), "sandbox.sh"), sb.root, sb.comfy, sb.work, sb.bin}
}

// pgetCalls are the stand-in pget's command lines so far.
func (sb *comfySandbox) pgetCalls(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sb.bin, "pget.log"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

func standinDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "comfystandin")
}

func copyFile(t *testing.T, src, dst string, mode os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, mode); err != nil {
		t.Fatal(err)
	}
}

// packageComfy runs `cogport comfy WORKFLOW -o DIR` and the referee.
func packageComfy(t *testing.T, workflow string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), strings.TrimSuffix(filepath.Base(workflow), ".json"))
	args := []string{"comfy", workflow, "-o", dir, "--json"}
	var stdout, stderr bytes.Buffer
	if code := cli.Run(args, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("cogport %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	var plan struct {
		Recipe string `json:"recipe"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &plan); err != nil || plan.Recipe != "comfyui-workflow" {
		t.Fatalf("cogport chose %q (%v), want comfyui-workflow", plan.Recipe, err)
	}
	testenv.Referee(t, dir)
	return dir
}

// serveComfy starts the package's cog server inside the sandbox; setup()
// downloads the models with pget and starts ComfyUI (the stand-in) itself.
func serveComfy(t *testing.T, r *run, sb *comfySandbox) {
	t.Helper()
	if l, err := net.Listen("tcp", "127.0.0.1:"+comfyPort); err != nil {
		t.Fatalf("port %s is taken, and the package starts ComfyUI on it: %v", comfyPort, err)
	} else {
		l.Close()
	}
	r.server = startServer(t, e2e.ServerOptions{Dir: r.pkg.Dir, Venv: r.venv, Ref: r.pkg.Predict, Wrap: sb.wrap()})
}

// TestComfyTxt2Img packages a small txt2img workflow, installs ComfyUI's
// pinned requirements and serves it through cog against the stand-in
// ComfyUI: setup fetches the checkpoint with pget into the folder the
// loader lists, every input reaches its node in the submitted graph, the
// PNGs decode at the requested size, a repeated prediction survives
// ComfyUI's cache, and out-of-memory, a refused graph and a dead ComfyUI
// come back as clear errors.
func TestComfyTxt2Img(t *testing.T) {
	requireTools(t)
	r, sb := startComfy(t, "turbo.json")

	t.Run("setup fetched the checkpoint", func(t *testing.T) {
		calls := sb.pgetCalls(t)
		if len(calls) != 1 || !strings.HasPrefix(calls[0], "multifile ") {
			t.Fatalf("want one pget multifile call, got %q", calls)
		}
		ckpt := filepath.Join(sb.comfy, "models", "checkpoints", "sd_xl_turbo_1.0_fp16.safetensors")
		if _, err := os.Stat(ckpt); err != nil {
			t.Fatalf("the checkpoint is not where CheckpointLoaderSimple looks: %v", err)
		}
	})
	var first []comfyImage
	calls := []call{
		{name: "defaults", input: map[string]any{}, check: func(t *testing.T, r *run, p e2e.Prediction) {
			imgs := comfyImages(t, r, p, 1, 64, 48)
			g := imgs[0].graph
			wantNode(t, g, "2", "text", "a lighthouse on a cliff at dusk, oil painting")
			wantNode(t, g, "5", "steps", 1.0)
			if _, ok := g["5"].Inputs["seed"].(float64); !ok {
				t.Fatalf("a blank seed must be drawn at random: %v", g["5"].Inputs["seed"])
			}
		}},
		{name: "every input", input: map[string]any{
			"prompt": "a red fox", "negative_prompt": "blur", "width": 96, "height": 80, "batch_size": 2,
			"steps": 3, "cfg": 2.5, "sampler_name": "dpmpp_2m", "scheduler": "karras", "denoise": 0.5, "seed": 42,
		}, check: func(t *testing.T, r *run, p e2e.Prediction) {
			imgs := comfyImages(t, r, p, 2, 96, 80)
			g := imgs[0].graph
			wantNode(t, g, "2", "text", "a red fox")
			wantNode(t, g, "3", "text", "blur")
			for k, v := range map[string]any{"width": 96.0, "height": 80.0, "batch_size": 2.0} {
				wantNode(t, g, "4", k, v)
			}
			for k, v := range map[string]any{"steps": 3.0, "cfg": 2.5, "sampler_name": "dpmpp_2m",
				"scheduler": "karras", "denoise": 0.5, "seed": 42.0} {
				wantNode(t, g, "5", k, v)
			}
		}},
		{name: "seed 7", input: map[string]any{"seed": 7}, check: func(t *testing.T, r *run, p e2e.Prediction) {
			first = comfyImages(t, r, p, 1, 64, 48)
			wantNode(t, first[0].graph, "5", "seed", 7.0)
		}},
		{name: "seed 7 again, from ComfyUI's cache", input: map[string]any{"seed": 7}, check: func(t *testing.T, r *run, p e2e.Prediction) {
			again := comfyImages(t, r, p, 1, 64, 48)
			if !bytes.Equal(again[0].data, first[0].data) {
				t.Fatal("the same seed gave a different image")
			}
			if !strings.Contains(p.Logs, "ComfyUI reused results that were cleaned up") {
				t.Fatalf("ComfyUI's cached answer was not noticed:\n%s", p.Logs)
			}
		}},
		{name: "seed 8", input: map[string]any{"seed": 8}, check: func(t *testing.T, r *run, p e2e.Prediction) {
			other := comfyImages(t, r, p, 1, 64, 48)
			if bytes.Equal(other[0].data, first[0].data) {
				t.Fatal("seeds 7 and 8 gave the same image: the seed did not reach the sampler")
			}
		}},
		{name: "unknown sampler", input: map[string]any{"sampler_name": "nope"}, wantErr: "sampler_name"},
		{name: "out of memory", input: map[string]any{"width": 8192, "height": 8192},
			wantErr: "node 5 (KSampler) failed: torch.OutOfMemoryError: Allocation on device"},
	}
	for _, cl := range calls {
		t.Run(cl.name, func(t *testing.T) { r.call(t, cl) })
	}
	t.Run("cancel stops ComfyUI's run", func(t *testing.T) { comfyCancel(t, r) })
	t.Run("refused graph", func(t *testing.T) {
		ckpt := filepath.Join(sb.comfy, "models", "checkpoints", "sd_xl_turbo_1.0_fp16.safetensors")
		if err := os.Rename(ckpt, ckpt+".away"); err != nil {
			t.Fatal(err)
		}
		defer os.Rename(ckpt+".away", ckpt)
		r.call(t, call{input: map[string]any{"seed": 1},
			wantErr: "ComfyUI refused the workflow: Prompt outputs failed validation; node 1 (CheckpointLoaderSimple): Value not in list: ckpt_name: 'sd_xl_turbo_1.0_fp16.safetensors' not in []"})
	})
	t.Run("safe-push cases", func(t *testing.T) { r.safePush(t) })
	t.Run("ComfyUI dies mid-run", func(t *testing.T) {
		r.call(t, call{input: map[string]any{"prompt": "cogport-standin:exit"},
			wantErr: "ComfyUI stopped (exit status 137) while running the workflow (out of memory?)"})
		// The next prediction starts ComfyUI again.
		r.call(t, call{input: map[string]any{"seed": 3}, check: func(t *testing.T, r *run, p e2e.Prediction) {
			wantNode(t, comfyImages(t, r, p, 1, 64, 48)[0].graph, "5", "seed", 3.0)
			if !strings.Contains(p.Logs, "ComfyUI had exited with status 137: starting it again") {
				t.Fatalf("no restart in the logs:\n%s", p.Logs)
			}
		}})
	})
	r.server.Stop()
	t.Run("ComfyUI fails to start", func(t *testing.T) { comfyStartFails(t, r) })
}

// startComfy packages testdata/comfy/NAME, installs it and serves it in a
// new sandbox.
func startComfy(t *testing.T, name string) (*run, *comfySandbox) {
	t.Helper()
	workflow, err := filepath.Abs(filepath.Join("testdata", "comfy", name))
	if err != nil {
		t.Fatal(err)
	}
	r := install(t, packageComfy(t, workflow))
	sb := newComfySandbox(t)
	serveComfy(t, r, sb)
	return r, sb
}

// TestComfyImg2Img packages an img2img workflow whose LoadImage becomes a
// file input: the picture is staged into ComfyUI's input folder under a
// name LoadImage lists, the output has the picture's size, and a file that
// is no picture fails in LoadImage with PIL's error.
func TestComfyImg2Img(t *testing.T) {
	requireTools(t)
	r, _ := startComfy(t, "restyle.json")
	picture := func(w, h int) string {
		return "data:image/png;base64," + base64.StdEncoding.EncodeToString(gradientPNG(t, w, h))
	}
	staged := func(t *testing.T, g map[string]comfyNode) {
		t.Helper()
		name, _ := g["2"].Inputs["image"].(string)
		if name == "" || name == "example.png" || !strings.HasSuffix(name, ".png") {
			t.Fatalf("LoadImage opens %q, not the staged picture", name)
		}
	}
	calls := []call{
		{name: "defaults", input: map[string]any{"image": picture(40, 30)}, check: func(t *testing.T, r *run, p e2e.Prediction) {
			g := comfyImages(t, r, p, 1, 40, 30)[0].graph
			staged(t, g)
			wantNode(t, g, "4", "text", "the same scene as a pencil sketch")
			wantNode(t, g, "6", "denoise", 0.6)
		}},
		{name: "every input", input: map[string]any{"image": picture(24, 36), "prompt": "a watercolour", "negative_prompt": "ink",
			"steps": 2, "cfg": 3.5, "sampler_name": "heun", "scheduler": "simple", "denoise": 0.3, "seed": 11,
		}, check: func(t *testing.T, r *run, p e2e.Prediction) {
			g := comfyImages(t, r, p, 1, 24, 36)[0].graph
			staged(t, g)
			wantNode(t, g, "4", "text", "a watercolour")
			wantNode(t, g, "5", "text", "ink")
			for k, v := range map[string]any{"steps": 2.0, "cfg": 3.5, "sampler_name": "heun", "scheduler": "simple",
				"denoise": 0.3, "seed": 11.0} {
				wantNode(t, g, "6", k, v)
			}
		}},
		{name: "not a picture", input: map[string]any{"image": "data:image/png;base64," + base64.StdEncoding.EncodeToString([]byte("junk"))},
			wantErr: "node 2 (LoadImage) failed: PIL.UnidentifiedImageError"},
		{name: "no picture", input: map[string]any{}, wantErr: "image"},
	}
	for _, cl := range calls {
		t.Run(cl.name, func(t *testing.T) { r.call(t, cl) })
	}
}

// comfyNode is one node of the API-format graph ComfyUI ran.
type comfyNode struct {
	ClassType string         `json:"class_type"`
	Inputs    map[string]any `json:"inputs"`
}

// comfyImage is one returned PNG and the graph its "prompt" chunk records.
type comfyImage struct {
	data  []byte
	graph map[string]comfyNode
}

// comfyImages wants n PNGs that decode at width×height, each carrying the
// submitted graph in its "prompt" text chunk, as ComfyUI's SaveImage writes.
func comfyImages(t *testing.T, r *run, p e2e.Prediction, n, width, height int) []comfyImage {
	t.Helper()
	files, err := e2e.Files(p.Output)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != n {
		t.Fatalf("got %d files, want %d: %s", len(files), n, clip(p.Output))
	}
	var imgs []comfyImage
	for _, f := range files {
		m, err := e2e.Inspect(r.venv, f)
		if err != nil {
			t.Fatal(err)
		}
		if m.Kind != "image" || m.Width != width || m.Height != height {
			t.Fatalf("got a %s of %dx%d, want an image of %dx%d", m.Kind, m.Width, m.Height, width, height)
		}
		text, err := pngText(f.Data)
		if err != nil {
			t.Fatal(err)
		}
		var g map[string]comfyNode
		if err := json.Unmarshal([]byte(text["prompt"]), &g); err != nil {
			t.Fatalf("the PNG's prompt chunk is not the graph: %v: %.200s", err, text["prompt"])
		}
		imgs = append(imgs, comfyImage{data: f.Data, graph: g})
	}
	return imgs
}

// wantNode wants input name of node to be want in the graph ComfyUI ran.
func wantNode(t *testing.T, g map[string]comfyNode, node, name string, want any) {
	t.Helper()
	got, ok := g[node].Inputs[name]
	if !ok || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("node %s (%s) input %s = %v, want %v", node, g[node].ClassType, name, got, want)
	}
}

// pngText reads a PNG's tEXt chunks.
func pngText(b []byte) (map[string]string, error) {
	const sig = "\x89PNG\r\n\x1a\n"
	if !bytes.HasPrefix(b, []byte(sig)) {
		return nil, fmt.Errorf("not a PNG")
	}
	text := map[string]string{}
	for rest := b[len(sig):]; len(rest) >= 12; {
		n := int(binary.BigEndian.Uint32(rest))
		if len(rest) < 12+n {
			return nil, fmt.Errorf("truncated PNG chunk")
		}
		if kind := string(rest[4:8]); kind == "tEXt" {
			k, v, _ := bytes.Cut(rest[8:8+n], []byte{0})
			text[string(k)] = string(v)
		}
		rest = rest[12+n:]
	}
	return text, nil
}

// comfyStartFails serves the package again with a ComfyUI whose main.py
// dies on import, as one with a broken custom node pack does: setup must
// fail at once, saying so, and not wait out its startup timeout.
func comfyStartFails(t *testing.T, r *run) {
	sb := newComfySandbox(t)
	broken := "raise SystemExit('Cannot import custom node pack: No module named foo')\n"
	if err := os.WriteFile(filepath.Join(sb.comfy, "main.py"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := e2e.StartServer(e2e.ServerOptions{Dir: r.pkg.Dir, Venv: r.venv, Ref: r.pkg.Predict, Wrap: sb.wrap()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = s.WaitReady(ctx)
	if err == nil {
		t.Fatal("setup succeeded without ComfyUI")
	}
	for _, want := range []string{"ComfyUI exited with status 1 while starting", "No module named foo"} {
		if !strings.Contains(err.Error(), want) {
			t.Fatalf("setup's failure does not say %q:\n%v", want, err)
		}
	}
}

// comfyCancel cancels a long run (3000 steps, 30 s in the stand-in) and
// wants the next prediction served at once, not queued behind a run
// nobody waits for.
func comfyCancel(t *testing.T, r *run) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	const id = "comfy-cancel"
	for {
		// coglet can answer at capacity for a moment after a prediction.
		p, err := r.server.Start(ctx, id, map[string]any{"steps": 3000, "seed": 5}, "")
		if err == nil && strings.Contains(p.Body, "At capacity") && ctx.Err() == nil {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if err != nil || p.HTTPStatus >= 300 {
			t.Fatalf("starting the long prediction: %v %s", err, clip(p.Body))
		}
		break
	}
	time.Sleep(2 * time.Second)
	if p, err := r.server.Cancel(ctx, id); err != nil || p.HTTPStatus >= 300 {
		t.Fatalf("cancelling: %v %s", err, clip(p.Body))
	}
	start := time.Now()
	r.call(t, call{input: map[string]any{"seed": 6}, check: func(t *testing.T, r *run, p e2e.Prediction) {
		wantNode(t, comfyImages(t, r, p, 1, 64, 48)[0].graph, "5", "seed", 6.0)
	}})
	if took := time.Since(start); took > 15*time.Second {
		t.Fatalf("the prediction after a cancel took %s: ComfyUI went on with the cancelled run", took)
	}
	if !strings.Contains(r.server.Logs(), "[ComfyUI] Processing interrupted") {
		t.Fatalf("ComfyUI's run was not interrupted:\n%s", r.server.Logs())
	}
}
