"""Runs a generated ComfyUI package's predict.py and weights.py against the
stand-in ComfyUI server and pget beside this file. Usage:
python driver.py PACKAGE_DIR WORK_DIR. Exits non-zero on the first failure."""

import json
import os
import sys

package, work = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [package, here]

import predict  # noqa: E402
import weights  # noqa: E402
from cog import Path  # noqa: E402

# Everything the package would put in /ComfyUI and /tmp goes under WORK_DIR.
weights.MODELS_DIR = os.path.join(work, "models")
predict.COMFYUI_DIR = os.path.join(here, "comfyui")
predict.WORK_DIR = os.path.join(work, "comfyui")
predict.INPUT_DIR = os.path.join(predict.WORK_DIR, "input")
predict.OUTPUT_DIR = os.path.join(predict.WORK_DIR, "output")
predict.TEMP_DIR = os.path.join(predict.WORK_DIR, "temp")
predict.COMFYUI_PORT = int(os.environ["COMFYUI_PORT"])
predict.COMFYUI_URL = f"http://127.0.0.1:{predict.COMFYUI_PORT}"
predict.RUN_TIMEOUT = 20


def check(ok, what):
    if not ok:
        sys.exit(f"FAIL: {what}")
    print(f"ok: {what}")


def pget_calls():
    with open(os.environ["PGET_LOG"]) as log:
        return log.read().splitlines()


def ran(path):
    """The prompt the stand-in ran, as the file it saved records it."""
    with open(path) as f:
        return json.load(f)


p = predict.Predictor()
p.setup()
try:
    calls = pget_calls()
    check(len(calls) == 2, f"setup runs pget twice (one multifile, one archive): {calls}")
    check(calls[0].startswith("multifile "), "plain files come down in one pget multifile")
    check(calls[1].startswith("-xf https://weights.replicate.delivery/"), "an archive is extracted with pget -x")
    ckpt = os.path.join(weights.MODELS_DIR, "checkpoints", "512-inpainting-ema.safetensors")
    vae = os.path.join(weights.MODELS_DIR, "vae", "vae-ft-mse-840000-ema-pruned.safetensors")
    check(os.path.isfile(ckpt) and os.path.isfile(vae), "models land in models/<folder>/")
    check(not [n for n in os.listdir(os.path.dirname(ckpt)) if n.startswith(".")], "no temporary folder is left")
    weights.download()
    check(len(pget_calls()) == 2, "a second download fetches nothing")

    photo = os.path.join(work, "photo.jpg")
    with open(photo, "w") as f:
        f.write("not really a jpeg")
    out = p.predict(prompt="a fox in snow", image=Path(photo), seed=None)
    check(len(out) == 1 and out[0].name.startswith("000-result_"), f"the saved image, not the preview, comes back: {out}")
    first = ran(out[0])
    check(first["6"]["inputs"]["text"] == "a fox in snow", "the prompt is written into node 6")
    check(isinstance(first["3"]["inputs"]["seed"], int), "a blank seed is drawn at random")
    staged = first["10"]["inputs"]["image"]
    check(staged.endswith(".jpg") and os.path.isfile(os.path.join(predict.INPUT_DIR, staged)), "the image is staged in the input folder")

    out2 = p.predict(prompt="a fox in snow", image=Path(photo), seed=7)
    out3 = p.predict(prompt="a fox in snow", image=Path(photo), seed=7)
    check(len(out3) == 1 and ran(out3[0])["3"]["inputs"]["seed"] == 7, "a fixed seed reaches the sampler")
    check(len(os.listdir(predict.OUTPUT_DIR)) == 1, "the output folder holds only the last prediction's file")
    check(os.path.exists(out2[0]), "an earlier result stays where predict() returned it")

    # The very same prompt again: ComfyUI's cache reports the files of the
    # last run, which predict() has cleaned up; it must run it afresh.
    same = ran(out3[0])
    for folder in (predict.OUTPUT_DIR, predict.TEMP_DIR):
        predict.empty(folder)
    again = p.execute(same)
    check(len(again) == 1 and os.path.isfile(again[0]) and ran(again[0]) == same, "a cached result is run again, not lost")

    try:
        p.predict(prompt="RAISE", image=Path(photo), seed=1)
        check(False, "a failing node raises")
    except RuntimeError as e:
        check("node 6 (CLIPTextEncode) failed: RuntimeError: asked to fail" in str(e), f"a failing node is named: {e}")

    broken = json.loads(json.dumps(p.workflow))
    broken["10"]["inputs"]["image"] = "missing.png"
    try:
        p.execute(broken)
        check(False, "a refused workflow raises")
    except ValueError as e:
        check("node 10 (LoadImage): Invalid image file: missing.png" in str(e), f"ComfyUI's refusal is explained: {e}")

    escape = {"outputs": {"9": {"images": [{"filename": "x.png", "subfolder": "../../..", "type": "output"}]}}}
    check(predict.output_files(escape) == [], "a reported file outside the output folder is ignored")
    try:
        weights.local_path("../../etc/passwd")
        check(False, "a model path outside models/ is refused")
    except ValueError:
        check(True, "a model path outside models/ is refused")
finally:
    p.server.kill()
