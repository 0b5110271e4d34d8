"""Make tiny models for cogport's runtime stage, in Hugging Face Hub layout.

Usage: python make.py KIND OUT_DIR

Each maker builds a real architecture from a config shrunk to a few thousand
parameters, with random weights (seeded, so the same bytes every run), and
saves it as the Hub holds it: safetensors, configs, tokenizer files and a
model card whose front matter names the task and library. Nothing is
downloaded: tokenizers are built from a small vocabulary here.

Makers live in the make_*.py files beside this one, one per family, each with
a MAKERS dict from kind to function(out_dir); this script gathers them.
"""

import glob
import importlib
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def makers() -> dict:
    """Every kind any make_*.py module offers."""
    found = {}
    for path in sorted(glob.glob(os.path.join(HERE, "make_*.py"))):
        module = importlib.import_module(os.path.basename(path)[:-3])
        for kind, fn in module.MAKERS.items():
            if kind in found:
                sys.exit(f"make.py: two makers for {kind}")
            found[kind] = fn
    return found


def main() -> None:
    known = makers()
    if len(sys.argv) != 3 or sys.argv[1] not in known:
        sys.exit(f"usage: python make.py {{{'|'.join(sorted(known))}}} OUT_DIR")
    torch.manual_seed(0)
    kind, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    known[kind](out)


if __name__ == "__main__":
    main()
