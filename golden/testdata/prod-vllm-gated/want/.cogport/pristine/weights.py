"""Weights for acme/tiny-chat: exactly the files the model loads.

weights.json lists them, pinned to one commit. `python weights.py`
fetches them ahead of time;
predict.py calls download() in setup(), which returns at once when every file is
already on disk.
"""

import hashlib
import json
import os
import sys
from typing import Optional

# huggingface_hub reads its settings once, when it is first imported, so they
# are set here, before any import of it: predict.py imports this module first.
# hf_xet's high-performance mode spends all cores and bandwidth on the download.
os.environ.setdefault("HF_XET_HIGH_PERFORMANCE", "1")

from huggingface_hub import snapshot_download  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHTS_DIR = os.path.join(HERE, "weights")


def manifest() -> dict:
    """The files to download: weights.json, written by cogport."""
    with open(os.path.join(HERE, "weights.json")) as f:
        return json.load(f)


def local_path(rel: str) -> str:
    """Where a file lands, refusing any path that would leave WEIGHTS_DIR."""
    path = os.path.realpath(os.path.join(WEIGHTS_DIR, rel))
    if not path.startswith(os.path.realpath(WEIGHTS_DIR) + os.sep):
        raise ValueError(f"refusing weights path outside {WEIGHTS_DIR}: {rel}")
    return path


def missing() -> list:
    """The files that are not on disk with their expected size."""
    out = []
    for f in manifest()["files"]:
        path = local_path(f["path"])
        if not os.path.isfile(path):
            out.append(f)
        elif f["size"] >= 0 and os.path.getsize(path) != f["size"]:
            # A size of -1 means the Hub gave none: existence is all we check.
            out.append(f)
    return out


def present() -> bool:
    """Whether every file is already on disk."""
    return not missing()


def download(token: Optional[str] = None) -> str:
    """Fetch what is missing into WEIGHTS_DIR, check it, return the folder."""
    todo = missing()
    if not todo:
        return WEIGHTS_DIR
    m = manifest()
    snapshot_download(
        repo_id=m["repo"],
        revision=m["revision"],
        allow_patterns=[fnmatch_literal(f["path"]) for f in todo],
        local_dir=WEIGHTS_DIR,
        # An empty HF_TOKEN is no token: sent, it is an illegal "Bearer " header.
        token=token or None,
    )
    verify(todo)
    return WEIGHTS_DIR


def fnmatch_literal(path: str) -> str:
    """An allow_patterns entry that matches this one path and nothing else."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in path)


def verify(files: list) -> None:
    """Check downloaded files against the size and sha256 the Hub gave."""
    for f in files:
        check(f, local_path(f["path"]))


def check(f: dict, path: str) -> None:
    """Check the file at path against f's size and sha256; remove it if wrong."""
    if f["size"] >= 0 and os.path.getsize(path) != f["size"]:
        os.remove(path)
        raise RuntimeError(f"{f['path']} has the wrong size: removed it")
    if not f.get("sha256"):
        return
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for chunk in iter(lambda: data.read(1 << 24), b""):
            digest.update(chunk)
    if digest.hexdigest() != f["sha256"]:
        os.remove(path)
        raise RuntimeError(f"{f['path']} is corrupt (sha256 mismatch): removed it")


def go_offline() -> None:
    """Keep later lookups (a lazy processor, a config) off the network."""
    # A library imported from now on reads these variables.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    # huggingface_hub read them once, when it was imported, into the constant
    # it checks before each request (transformers 5 asks it too): set that.
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is None:
        return
    constants.HF_HUB_OFFLINE = True


if __name__ == "__main__":
    download(os.environ.get("HF_TOKEN"))
