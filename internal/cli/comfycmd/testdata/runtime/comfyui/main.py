"""A stand-in for ComfyUI's server: the HTTP API a generated predict.py uses
(/system_stats, /prompt, /history/<id>, /interrupt), run as `python main.py`
with ComfyUI's own flags. "Running" a prompt writes one small file per
SaveImage (output folder) and PreviewImage (temp folder) node. Like ComfyUI,
it refuses a LoadImage whose file is not in the input folder, fails a prompt
whose text says RAISE, and reports the old files of a prompt identical to
the previous one without writing them again (its execution cache)."""

import argparse
import json
import os
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
for flag in ("--listen", "--port", "--input-directory", "--output-directory", "--temp-directory"):
    parser.add_argument(flag)
parser.add_argument("--disable-auto-launch", action="store_true")
args = parser.parse_args()
TEMP = os.path.join(args.temp_directory, "temp")
os.makedirs(TEMP, exist_ok=True)
history, last = {}, {"prompt": None, "outputs": None}
lock = threading.Lock()
print("fake ComfyUI starting", flush=True)


def validate(prompt):
    errors = {}
    for node, info in prompt.items():
        inputs = info["inputs"]
        if info["class_type"] in ("LoadImage", "LoadImageMask"):
            if not os.path.isfile(os.path.join(args.input_directory, inputs["image"])):
                errors[node] = {"class_type": info["class_type"], "errors": [
                    {"message": "Invalid image file", "details": inputs["image"]}]}
    return errors


def execute(prompt):
    if any("RAISE" in str(v) for info in prompt.values() for v in info["inputs"].values()):
        return {}, {"status_str": "error", "completed": False, "messages": [["execution_error", {
            "node_id": "6", "node_type": "CLIPTextEncode", "exception_type": "RuntimeError",
            "exception_message": "asked to fail"}]]}
    if prompt == last["prompt"]:
        return last["outputs"], {"status_str": "success", "completed": True, "messages": []}
    outputs = {}
    for node, info in prompt.items():
        kind = {"SaveImage": "output", "PreviewImage": "temp"}.get(info["class_type"])
        if kind is None:
            continue
        folder = args.output_directory if kind == "output" else TEMP
        name = f"{info['inputs'].get('filename_prefix', 'preview')}_{uuid.uuid4().hex[:6]}.png"
        with open(os.path.join(folder, name), "w") as f:
            f.write(json.dumps(prompt, sort_keys=True))
        outputs[node] = {"images": [{"filename": name, "subfolder": "", "type": kind}]}
    last["prompt"], last["outputs"] = prompt, outputs
    return outputs, {"status_str": "success", "completed": True, "messages": []}


class Handler(BaseHTTPRequestHandler):
    def answer(self, status, body):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/system_stats":
            return self.answer(200, {"system": {}})
        prompt_id = self.path.removeprefix("/history/")
        with lock:
            entry = history.get(prompt_id)
        self.answer(200, {prompt_id: entry} if entry else {})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
        if self.path == "/interrupt":
            return self.answer(200, None)
        prompt = body["prompt"]
        errors = validate(prompt)
        if errors:
            return self.answer(400, {"error": {"message": "Prompt outputs failed validation"}, "node_errors": errors})
        prompt_id = uuid.uuid4().hex

        def run():
            outputs, status = execute(prompt)
            with lock:
                history[prompt_id] = {"prompt": prompt, "outputs": outputs, "status": status}

        threading.Timer(0.3, run).start()
        self.answer(200, {"prompt_id": prompt_id, "number": 1, "node_errors": {}})

    def log_message(self, *_):
        pass


ThreadingHTTPServer((args.listen, int(args.port)), Handler).serve_forever()
