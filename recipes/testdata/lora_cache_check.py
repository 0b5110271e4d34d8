"""Checks a rendered lora_cache.py against a local HTTP server.

Run by TestLoraCacheModule: python3 lora_cache_check.py DIR, where DIR holds
lora_cache.py. It serves a fake Hub and plain files on 127.0.0.1 only.
"""

import base64
import http.server
import io
import os
import sys
import tarfile
import tempfile
import threading


def safetensors(payload: bytes) -> bytes:
    header = b'{"__metadata__":{}}'
    return len(header).to_bytes(8, "little") + header + payload


FILES = {}
HITS = []


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        HITS.append(self.path)
        body = FILES.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def tar_of(members: dict) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return out.getvalue()


def expect_error(url: str, words: str) -> None:
    try:
        lora_cache.fetch(url)
    except ValueError as e:
        assert words in str(e), (url, e)
        return
    raise AssertionError(f"{url} was accepted")


def read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
# The fake Hub and the plain file server share the port; the names differ.
hub = f"http://127.0.0.1:{server.server_port}"
base = f"http://localhost:{server.server_port}"
workdir = tempfile.mkdtemp()
os.environ["LORA_CACHE_DIR"] = os.path.join(workdir, "cache")
os.environ["HF_ENDPOINT"] = hub
sys.path.insert(0, sys.argv[1])
import lora_cache  # noqa: E402

FILES["/files/style.safetensors"] = safetensors(b"style")
FILES["/api/models/org/lora"] = b'{"siblings": [{"rfilename": "README.md"}, ' + (
    b'{"rfilename": "pytorch_lora_weights.safetensors"}]}'
)
FILES["/org/lora/resolve/main/pytorch_lora_weights.safetensors"] = safetensors(b"hub")
FILES["/org/lora/resolve/main/sub/other.safetensors"] = safetensors(b"sub")
FILES[
    "/api/models/org/two"
] = b'{"siblings": [{"rfilename": "a.safetensors"}, {"rfilename": "b.safetensors"}]}'
FILES["/files/pack.tar.gz"] = tar_of(
    {
        "../../escape.txt": b"no",
        "dir/pytorch_lora_weights.safetensors": safetensors(b"tar"),
    }
)
FILES["/files/page.html"] = b"<html>not found</html>"

# A plain URL downloads once; the second fetch is served from disk.
path = lora_cache.fetch(f"{base}/files/style.safetensors")
assert read(path).endswith(b"style"), read(path)
hits = len(HITS)
assert lora_cache.fetch(f"{base}/files/style.safetensors") == path
assert len(HITS) == hits, "a cached LoRA was downloaded again"

# Hub forms: a repo, a file in it, a file's page.
assert read(lora_cache.fetch("org/lora")).endswith(b"hub")
assert read(lora_cache.fetch("org/lora/sub/other.safetensors")).endswith(b"sub")
page = f"{hub}/org/lora/blob/main/sub/other.safetensors"
assert read(lora_cache.fetch(page)).endswith(b"sub")
expect_error("org/two", "2 .safetensors files")

# A tar is read, never extracted: only the LoRA comes out.
assert read(lora_cache.fetch(f"{base}/files/pack.tar.gz")).endswith(b"tar")
assert not os.path.exists(os.path.join(workdir, "escape.txt"))

# data: URIs, base64.
uri = (
    "data:application/octet-stream;base64,"
    + base64.b64encode(safetensors(b"inline")).decode()
)
assert read(lora_cache.fetch(uri)).endswith(b"inline")

# What is not a LoRA is refused, and leaves nothing behind.
expect_error(f"{base}/files/page.html", "neither a .safetensors file nor a tar")
expect_error("file:///etc/passwd", "must be http(s)")
expect_error("justone", "neither a URL nor a Hugging Face repo")
leftovers = [n for n in os.listdir(lora_cache.CACHE_DIR) if n.startswith(".partial-")]
assert not leftovers, leftovers

# Eviction: with no disk to spare, every older LoRA goes before a download.
before = set(os.listdir(lora_cache.CACHE_DIR))
lora_cache.MIN_FREE_BYTES = 1 << 62
FILES["/files/new.safetensors"] = safetensors(b"new")
newest = lora_cache.fetch(f"{base}/files/new.safetensors")
assert set(os.listdir(lora_cache.CACHE_DIR)) == {
    os.path.basename(os.path.dirname(newest))
}
assert before, "the cache was empty before eviction"
print("lora_cache: all checks passed")
