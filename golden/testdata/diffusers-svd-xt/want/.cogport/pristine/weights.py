"""Weights for stabilityai/stable-video-diffusion-img2vid-xt: exactly the files the model loads.

weights.json lists them, pinned to one commit. `python weights.py`
fetches them ahead of time;
predict.py calls download() in setup(), which returns at once when every file is
already on disk.
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from typing import Optional

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
    fetch(todo)
    return WEIGHTS_DIR


def fetch(files: list) -> None:
    """Download files with pget: all in parallel, each in parallel chunks.

    pget writes straight to its destination and refuses one that exists, so
    an interrupted download would leave a short file in the way of every
    later start. Each file arrives under a temporary name beside its own and
    takes its name only once its size and sha256 are right.
    """
    parts, lines = [], []
    for f in files:
        dest = local_path(f["path"])
        part = dest + ".part"
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if os.path.exists(part):
            os.remove(part)  # left by an interrupted start
        parts.append((f, part, dest))
        if any(c.isspace() for c in f["url"] + part):
            # pget reads its manifest as "URL DEST" lines split on white
            # space, so a path with a space in it is fetched on its own.
            subprocess.run(["pget", f["url"], part], check=True)
        else:
            lines.append(f"{f['url']} {part}\n")
    if lines:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
            listing.writelines(lines)
        try:
            subprocess.run(["pget", "multifile", listing.name], check=True)
        finally:
            os.remove(listing.name)
    for f, part, dest in parts:
        check(f, part)
        os.replace(part, dest)


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
    # Before huggingface_hub 1.0, each thread's HTTP session is set online or
    # offline when it is made: drop those made so far, so the next are offline.
    from huggingface_hub.utils import reset_sessions

    reset_sessions()


if __name__ == "__main__":
    download(os.environ.get("HF_TOKEN"))
