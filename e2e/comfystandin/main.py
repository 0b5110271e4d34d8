"""A stand-in for ComfyUI's server, installed as ComfyUI/main.py by the runtime
stage's ComfyUI cases (ComfyUI itself is not on PyPI and its models are
gigabytes).

It takes ComfyUI's command line and speaks the HTTP API a generated predict.py
uses: GET /system_stats, POST /prompt, GET /history/<id>, POST /interrupt,
POST /queue, GET /object_info. A submitted API-format prompt is validated as ComfyUI's
execution.py validates it, in the ways that matter: every node's class_type
is known, an output node exists, required inputs are present, links are
[node_id, slot] pairs to an existing node's output of the right type, numbers
convert and lie within their bounds, and combo values are among their
options, where the options of model and image loaders are the files in
models/<folder>/ and the input folder. Refusals come back as ComfyUI's 400
answer: {"error": {...}, "node_errors": {node: {"errors", "class_type"}}}.

Running a prompt walks its graph: EmptyLatentImage's width, height and batch
size (or LoadImage's picture's, opened with PIL) carry through VAEEncode,
KSampler and VAEDecode, and SaveImage writes real PNGs of
that size, coloured by the seed, with the submitted prompt in a "prompt" text
chunk as ComfyUI's SaveImage writes it. A prompt identical to the previous one
is answered from the cache: its old files are reported and not written again.
KSampler takes 10 ms a step, heeding POST /interrupt between steps (the
prompt ends in an execution_interrupted error), and fails with
torch.OutOfMemoryError past 4096x4096 pixels a batch. POST /queue
{"delete": [ids]} drops prompts that have not started.
Text containing "cogport-standin:exit" makes the process die mid-run, as an
out-of-memory kill would.
"""

import argparse
import hashlib
import json
import os
import struct
import sys
import threading
import time
import uuid
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS_DIR = os.path.join(HERE, "models")
MODEL_EXTENSIONS = (".ckpt", ".pt", ".pt2", ".bin", ".pth", ".safetensors", ".pkl", ".sft")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif")
MAX_PIXELS = 4096 * 4096
STEP_SECONDS = 0.01

SAMPLERS = [
    "euler", "euler_cfg_pp", "euler_ancestral", "euler_ancestral_cfg_pp", "heun",
    "heunpp2", "dpm_2", "dpm_2_ancestral", "lms", "dpm_fast", "dpm_adaptive",
    "dpmpp_2s_ancestral", "dpmpp_2s_ancestral_cfg_pp", "dpmpp_sde", "dpmpp_sde_gpu",
    "dpmpp_2m", "dpmpp_2m_cfg_pp", "dpmpp_2m_sde", "dpmpp_2m_sde_gpu", "dpmpp_3m_sde",
    "dpmpp_3m_sde_gpu", "ddpm", "lcm", "ipndm", "ipndm_v", "deis", "res_multistep",
    "res_multistep_cfg_pp", "gradient_estimation", "ddim", "uni_pc", "uni_pc_bh2",
]
SCHEDULERS = [
    "normal", "karras", "exponential", "sgm_uniform", "simple", "ddim_uniform",
    "beta", "linear_quadratic", "kl_optimal",
]


def models(folder):
    """The combo options of a model loader: files in models/<folder>/."""
    def options():
        root = os.path.join(MODELS_DIR, folder)
        found = []
        for dirpath, _, names in os.walk(root):
            for name in names:
                if name.endswith(MODEL_EXTENSIONS):
                    found.append(os.path.relpath(os.path.join(dirpath, name), root))
        return sorted(found)
    return options


def input_images():
    """LoadImage's listed options: the input folder's files whose extension
    names an image, as ComfyUI's filter_files_content_types keeps them."""
    return sorted(n for n in os.listdir(args.input_directory) if n.lower().endswith(IMAGE_EXTENSIONS))


def image_exists(name):
    """LoadImage's VALIDATE_INPUTS, which replaces the check against its
    listed options: any file in the input folder will do."""
    path = os.path.realpath(os.path.join(args.input_directory, name))
    if os.path.dirname(path) != os.path.realpath(args.input_directory) or not os.path.isfile(path):
        return f"Invalid image file: {name}"
    return None


def INT(lo, hi):
    return ("INT", {"min": lo, "max": hi})


def FLOAT(lo, hi):
    return ("FLOAT", {"min": lo, "max": hi})


# ComfyUI's own definitions of the nodes the stand-in runs (their /object_info).
NODES = {
    "CheckpointLoaderSimple": {
        "required": {"ckpt_name": (models("checkpoints"), {})},
        "output": ["MODEL", "CLIP", "VAE"],
    },
    "CLIPTextEncode": {
        "required": {"text": ("STRING", {}), "clip": ("CLIP", {})},
        "output": ["CONDITIONING"],
    },
    "EmptyLatentImage": {
        "required": {"width": INT(16, 16384), "height": INT(16, 16384), "batch_size": INT(1, 4096)},
        "output": ["LATENT"],
    },
    "KSampler": {
        "required": {
            "model": ("MODEL", {}),
            "seed": INT(0, 0xFFFFFFFFFFFFFFFF),
            "steps": INT(1, 10000),
            "cfg": FLOAT(0.0, 100.0),
            "sampler_name": (SAMPLERS, {}),
            "scheduler": (SCHEDULERS, {}),
            "positive": ("CONDITIONING", {}),
            "negative": ("CONDITIONING", {}),
            "latent_image": ("LATENT", {}),
            "denoise": FLOAT(0.0, 1.0),
        },
        "output": ["LATENT"],
    },
    "VAEDecode": {"required": {"samples": ("LATENT", {}), "vae": ("VAE", {})}, "output": ["IMAGE"]},
    "VAEEncode": {"required": {"pixels": ("IMAGE", {}), "vae": ("VAE", {})}, "output": ["LATENT"]},
    "LoadImage": {
        "required": {"image": (input_images, {})},
        "output": ["IMAGE", "MASK"],
        "validate": {"image": image_exists},
    },
    "EmptyImage": {
        "required": {
            "width": INT(1, 16384),
            "height": INT(1, 16384),
            "batch_size": INT(1, 4096),
            "color": INT(0, 0xFFFFFF),
        },
        "output": ["IMAGE"],
    },
    "SaveImage": {
        "required": {"images": ("IMAGE", {}), "filename_prefix": ("STRING", {})},
        "output": [],
        "output_node": True,
    },
    "PreviewImage": {"required": {"images": ("IMAGE", {})}, "output": [], "output_node": True},
}


def error(kind, message, details="", **extra):
    return {"type": kind, "message": message, "details": details, "extra_info": extra}


def validate(prompt):
    """ComfyUI's validate_prompt: (None, outputs) or (error, node_errors)."""
    if not isinstance(prompt, dict):
        return error("invalid_prompt", "Invalid prompt", "the prompt is not an object"), {}
    for node, info in prompt.items():
        if not isinstance(info, dict) or "class_type" not in info:
            return error("invalid_prompt", "Cannot execute because a node is missing the class_type property.", f"Node ID '#{node}'"), {}
        if info["class_type"] not in NODES:
            return error("missing_node_type", f"Cannot execute because node {info['class_type']} does not exist.", f"Node ID '#{node}'"), {}
    outputs = [n for n, info in prompt.items() if NODES[info["class_type"]].get("output_node")]
    if not outputs:
        return error("prompt_no_outputs", "Prompt has no outputs"), {}
    node_errors = {}
    for node in outputs:
        check_node(prompt, node, node_errors, set())
    if node_errors:
        return error("prompt_outputs_failed_validation", "Prompt outputs failed validation"), node_errors
    return None, outputs


def check_node(prompt, node, node_errors, seen):
    """Validate one node's inputs and, through its links, its ancestors."""
    if node in seen:
        return
    seen.add(node)
    info = prompt[node]
    spec = NODES[info["class_type"]]
    inputs = info.get("inputs", {})
    errors = []
    for name, (kind, opts) in spec["required"].items():
        if name not in inputs:
            errors.append(error("required_input_missing", "Required input is missing", name, input_name=name))
            continue
        value = inputs[name]
        if isinstance(value, list):
            problem = check_link(prompt, value, kind)
            if problem:
                errors.append(error(problem[0], problem[1], f"{name}, {problem[2]}", input_name=name))
            else:
                check_node(prompt, str(value[0]), node_errors, seen)
            continue
        custom = spec.get("validate", {}).get(name)
        if custom:
            reason = custom(value)
            if reason:
                errors.append(error("custom_validation_failed", "Custom validation failed for node", f"{name} - {reason}", input_name=name))
            continue
        problem = check_value(kind, opts, value)
        if problem:
            errors.append(error(problem[0], problem[1], f"{name}: {problem[2]}", input_name=name, received_value=value))
    if errors:
        node_errors[node] = {"errors": errors, "dependent_outputs": [], "class_type": info["class_type"]}


def check_link(prompt, link, kind):
    """A link is [node_id, slot] to an output of the expected type."""
    if len(link) != 2 or not isinstance(link[1], int):
        return "bad_linked_input", "Bad linked input, must be a length-2 list of [node_id, slot_index]", str(link)
    source = str(link[0])
    if source not in prompt:
        return "bad_linked_input", "Bad linked input, the linked node does not exist", f"node {source}"
    outputs = NODES[prompt[source]["class_type"]]["output"]
    if not 0 <= link[1] < len(outputs):
        return "bad_linked_input", "Bad linked input, no such output slot", f"node {source} slot {link[1]}"
    if not isinstance(kind, str) or outputs[link[1]] != kind:
        received = outputs[link[1]]
        return "return_type_mismatch", "Return type mismatch between linked nodes", f"received_type({received}) mismatch input_type({kind})"
    return None


def check_value(kind, opts, value):
    """A widget value converts to its type and lies within its bounds or options."""
    if callable(kind) or isinstance(kind, list):
        options = kind() if callable(kind) else kind
        if value not in options:
            return "value_not_in_list", "Value not in list", f"'{value}' not in {options}"
        return None
    if kind in ("INT", "FLOAT"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                value = float(value)
            except (TypeError, ValueError):
                return "invalid_input_type", f"Failed to convert an input value to a {kind} value", repr(value)
        if value < opts["min"]:
            return "value_smaller_than_min", f"Value {value} smaller than min of {opts['min']}", str(value)
        if value > opts["max"]:
            return "value_bigger_than_max", f"Value {value} bigger than max of {opts['max']}", str(value)
    if kind == "STRING" and not isinstance(value, str):
        return "invalid_input_type", "Failed to convert an input value to a STRING value", repr(value)
    return None


class Interrupted(Exception):
    def __init__(self, node):
        super().__init__("interrupted")
        self.node = node


class NodeError(Exception):
    def __init__(self, node, exception_type, message):
        super().__init__(message)
        self.node, self.exception_type = node, exception_type


def evaluate(prompt, node, results):
    """A node's outputs: what the stand-in knows of them (sizes, seeds, text)."""
    if node in results:
        return results[node]
    info = prompt[node]
    inputs = {}
    for name, value in info["inputs"].items():
        if isinstance(value, list):
            value = evaluate(prompt, str(value[0]), results)[value[1]]
        inputs[name] = value
    kind = info["class_type"]
    if kind == "CheckpointLoaderSimple":
        with open(os.path.join(MODELS_DIR, "checkpoints", inputs["ckpt_name"]), "rb") as f:
            f.read(16)
        out = [{"model": inputs["ckpt_name"]}] * 3
    elif kind == "CLIPTextEncode":
        if "cogport-standin:exit" in inputs["text"]:
            print("Killed", flush=True)
            os._exit(137)
        out = [inputs["text"]]
    elif kind == "LoadImage":
        try:
            from PIL import Image

            with Image.open(os.path.join(args.input_directory, inputs["image"])) as picture:
                picture.load()
                width, height = picture.size
        except Exception as e:
            raise NodeError(node, f"{type(e).__module__}.{type(e).__name__}", str(e)) from None
        out = [{"width": width, "height": height, "batch": 1, "seed": 0}, None]
    elif kind == "VAEEncode":
        out = [inputs["pixels"]]
    elif kind == "EmptyLatentImage":
        out = [{"width": inputs["width"], "height": inputs["height"], "batch": inputs["batch_size"], "seed": 0}]
    elif kind == "KSampler":
        latent = inputs["latent_image"]
        if latent["width"] * latent["height"] * latent["batch"] > MAX_PIXELS:
            raise NodeError(node, "torch.OutOfMemoryError", "Allocation on device ")
        # Each step takes a while and heeds /interrupt between steps, as
        # ComfyUI's samplers do.
        for _ in range(inputs["steps"]):
            if interrupted.is_set():
                raise Interrupted(node)
            time.sleep(STEP_SECONDS)
        out = [dict(latent, seed=inputs["seed"], text=inputs["positive"])]
    elif kind == "VAEDecode":
        out = [inputs["samples"]]
    elif kind == "EmptyImage":
        out = [{"width": inputs["width"], "height": inputs["height"], "batch": inputs["batch_size"], "seed": inputs["color"]}]
    else:
        out = [None, None]
    results[node] = out
    return out


def png(width, height, seed, text):
    """A real PNG: one colour from the seed, with tEXt chunks."""
    colour = hashlib.sha256(str(seed).encode()).digest()[:3]
    raw = b"".join(b"\x00" + colour * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    texts = b"".join(chunk(b"tEXt", k.encode() + b"\x00" + v.encode("latin-1", "replace")) for k, v in text.items())
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + texts + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


counter = {"n": 0}


def save(prompt, node, image, folder, kind, prefix):
    """Write the image batch as SaveImage does; return its UI entries."""
    sub, prefix = os.path.split(prefix)
    os.makedirs(os.path.join(folder, sub), exist_ok=True)
    saved = []
    for i in range(image["batch"]):
        counter["n"] += 1
        name = f"{prefix}_{counter['n']:05}_.png"
        data = png(image["width"], image["height"], f"{image['seed']}/{i}", {"prompt": json.dumps(prompt)})
        with open(os.path.join(folder, sub, name), "wb") as f:
            f.write(data)
        saved.append({"filename": name, "subfolder": sub, "type": kind})
    return saved


def execute(prompt_id, prompt, outputs):
    """Run the output nodes; cached ones report their last files."""
    messages = [["execution_start", {"prompt_id": prompt_id, "timestamp": int(time.time() * 1000)}]]
    results, ui, cached, fresh = {}, {}, [], {}
    try:
        for node in outputs:
            key = json.dumps(subgraph(prompt, node), sort_keys=True)
            if cache.get(node, (None,))[0] == key:
                cached.append(node)
                ui[node] = cache[node][1]
                fresh[node] = cache[node]
                continue
            info = prompt[node]
            image = evaluate(prompt, str(info["inputs"]["images"][0]), results)[0]
            if info["class_type"] == "SaveImage":
                files = save(prompt, node, image, args.output_directory, "output", info["inputs"]["filename_prefix"])
            else:
                files = save(prompt, node, image, TEMP_DIR, "temp", "ComfyUI_temp_" + uuid.uuid4().hex[:5])
            ui[node] = {"images": files}
            fresh[node] = (key, ui[node])
    except Interrupted as e:
        messages.append(["execution_interrupted", {
            "prompt_id": prompt_id, "node_id": e.node, "node_type": prompt[e.node]["class_type"], "executed": list(results),
        }])
        print("Processing interrupted", flush=True)
        return {}, {"status_str": "error", "completed": False, "messages": messages}
    except NodeError as e:
        messages.append(["execution_error", {
            "prompt_id": prompt_id, "node_id": e.node, "node_type": prompt[e.node]["class_type"],
            "executed": list(results), "exception_message": str(e), "exception_type": e.exception_type,
            "traceback": [], "current_inputs": {}, "current_outputs": {},
        }])
        print(f"!!! Exception during processing !!! {e}", flush=True)
        return {}, {"status_str": "error", "completed": False, "messages": messages}
    # Like ComfyUI's classic cache, only the last prompt's results are kept.
    cache.clear()
    cache.update(fresh)
    if cached:
        messages.insert(1, ["execution_cached", {"nodes": cached, "prompt_id": prompt_id}])
    messages.append(["execution_success", {"prompt_id": prompt_id}])
    return ui, {"status_str": "success", "completed": True, "messages": messages}


def subgraph(prompt, node, seen=None):
    """The node and every ancestor: what its cached result depends on."""
    seen = {} if seen is None else seen
    if node not in seen:
        seen[node] = prompt[node]
        for value in prompt[node]["inputs"].values():
            if isinstance(value, list):
                subgraph(prompt, str(value[0]), seen)
    return seen


def worker():
    """Run queued prompts one at a time, as ComfyUI's prompt worker does."""
    while True:
        with queued:
            while not queue:
                queued.wait()
            number, prompt_id, prompt, outputs = queue.pop(0)
        interrupted.clear()
        print("got prompt", flush=True)
        start = time.monotonic()
        ui, status = execute(prompt_id, prompt, outputs)
        with lock:
            history[prompt_id] = {"prompt": [number, prompt_id, prompt, {}, outputs], "outputs": ui, "status": status, "meta": {}}
        print(f"Prompt executed in {time.monotonic() - start:.2f} seconds", flush=True)


class Handler(BaseHTTPRequestHandler):
    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/system_stats":
            return self.answer(200, {"system": {"os": "posix", "comfyui_version": "stand-in"}, "devices": []})
        if self.path == "/object_info":
            return self.answer(200, {name: {"output": spec["output"], "output_node": spec.get("output_node", False)} for name, spec in NODES.items()})
        if self.path.startswith("/history/"):
            prompt_id = self.path.removeprefix("/history/")
            with lock:
                entry = history.get(prompt_id)
            return self.answer(200, {prompt_id: entry} if entry else {})
        self.answer(404, {"error": "not found"})

    def do_POST(self):
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        except ValueError:
            return self.answer(400, {"error": error("invalid_prompt", "Invalid JSON"), "node_errors": {}})
        if self.path in ("/interrupt", "/queue"):
            if self.path == "/interrupt":
                interrupted.set()
            else:
                with queued:
                    queue[:] = [q for q in queue if q[1] not in body.get("delete", [])]
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path != "/prompt":
            return self.answer(404, {"error": "not found"})
        if "prompt" not in body:
            return self.answer(400, {"error": error("no_prompt", "No prompt provided"), "node_errors": {}})
        prompt = body["prompt"]
        problem, result = validate(prompt)
        if problem:
            print(f"invalid prompt: {problem['message']} {json.dumps(result)}", flush=True)
            return self.answer(400, {"error": problem, "node_errors": result})
        prompt_id = str(uuid.uuid4())
        with queued:
            number = len(history) + len(queue)
            queue.append((number, prompt_id, prompt, result))
            queued.notify()
        self.answer(200, {"prompt_id": prompt_id, "number": number, "node_errors": {}})

    def log_message(self, *_):
        pass


parser = argparse.ArgumentParser()
parser.add_argument("--listen", default="127.0.0.1")
parser.add_argument("--port", type=int, default=8188)
parser.add_argument("--input-directory", default=os.path.join(HERE, "input"))
parser.add_argument("--output-directory", default=os.path.join(HERE, "output"))
parser.add_argument("--temp-directory", default=HERE)
parser.add_argument("--disable-auto-launch", action="store_true")
args = parser.parse_args()
TEMP_DIR = os.path.join(args.temp_directory, "temp")
for folder in (args.input_directory, args.output_directory, TEMP_DIR):
    os.makedirs(folder, exist_ok=True)

history, queue, cache = {}, [], {}
lock = threading.Lock()
queued = threading.Condition()
interrupted = threading.Event()

with open(os.path.join(HERE, "main.pid"), "w") as f:
    f.write(str(os.getpid()))
threading.Thread(target=worker, daemon=True).start()
server = ThreadingHTTPServer((args.listen, args.port), Handler)
print(f"Starting server\n\nTo see the GUI go to: http://{args.listen}:{args.port}", flush=True)
sys.stdout.flush()
server.serve_forever()
