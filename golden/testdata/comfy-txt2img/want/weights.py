"""Model files for the ComfyUI workflow txt2img.json: exactly the files it loads.

weights.json lists each file with the URL it comes from and its path under
ComfyUI's models/ folder, where the workflow's loaders look for it. predict.py
calls download() in setup(); a file already on disk is never fetched again.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# cog.yaml's build.run installs ComfyUI in /ComfyUI; its loaders read models/<folder>/.
MODELS_DIR = "/ComfyUI/models"


def manifest() -> dict:
    """The files to download: weights.json, written by cogport."""
    with open(os.path.join(HERE, "weights.json")) as f:
        return json.load(f)


def local_path(rel: str) -> str:
    """Where a file lands, refusing any path that would leave MODELS_DIR."""
    path = os.path.realpath(os.path.join(MODELS_DIR, rel))
    if not path.startswith(os.path.realpath(MODELS_DIR) + os.sep):
        raise ValueError(f"refusing a model path outside {MODELS_DIR}: {rel}")
    return path


def missing() -> list:
    """The files that are not on disk yet."""
    files = manifest()["files"] or []
    return [f for f in files if not os.path.exists(local_path(f["path"]))]


def download() -> str:
    """Fetch what is missing into MODELS_DIR, check it, return the folder."""
    todo = missing()
    plain = [f for f in todo if not f.get("archive")]
    fetch_files(plain)
    for f in todo:
        if f.get("archive"):
            fetch_archive(f)
    return MODELS_DIR


def fetch_files(files: list) -> None:
    """Download plain files with one pget run, every file in parallel and each
    in parallel chunks. Each arrives under a temporary name and takes its own
    once its size and sha256 are checked, so an interrupted or corrupt
    download is never taken for a finished one. pget's manifest is one
    "URL DEST" a line, so a file whose path holds a space is fetched on its
    own."""
    lines, parts = [], []
    for f in files:
        dest = local_path(f["path"])
        part = dest + ".part"
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if os.path.exists(part):
            os.remove(part)
        if any(c.isspace() for c in f["url"] + part):
            subprocess.run(["pget", f["url"], part], check=True)
        else:
            lines.append(f"{f['url']} {part}\n")
        parts.append((f, part, dest))
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


def fetch_archive(f: dict) -> None:
    """Download a .tar from Replicate's weights CDN, extract it in memory into
    a temporary folder beside the file's, and move the file it holds into
    place."""
    dest = local_path(f["path"])
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    unpacked = tempfile.mkdtemp(prefix=".unpack-", dir=os.path.dirname(dest))
    try:
        subprocess.run(["pget", "-xf", f["url"], unpacked], check=True)
        held = os.path.join(unpacked, os.path.basename(dest))
        if not os.path.exists(held):
            raise RuntimeError(f"{f['url']} did not hold {os.path.basename(dest)}")
        os.replace(held, dest)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def check(f: dict, path: str) -> None:
    """Check the file at path against f's size and sha256, where known;
    remove it if wrong."""
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


if __name__ == "__main__":
    download()
