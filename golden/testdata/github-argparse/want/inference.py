"""Colorize a sketch with a trained colorizer checkpoint."""

import argparse
import os

import cv2
import numpy as np
import torch
from PIL import Image

from colorizer.model import Colorizer


def main():
    parser = argparse.ArgumentParser(description="Colorize a line-art sketch.")
    parser.add_argument(
        "--input", "-i", type=str, required=True, help="Path to the input sketch image"
    )
    parser.add_argument(
        "--output",
        "-o",
        type=str,
        default="results",
        help="Folder to write the colored image to",
    )
    parser.add_argument(
        "--ckpt",
        type=str,
        default="checkpoints/colorizer_v1.pth",
        help="Path to the model checkpoint",
    )
    parser.add_argument(
        "--steps", type=int, default=20, help="Number of refinement steps"
    )
    parser.add_argument(
        "--strength",
        type=float,
        default=0.8,
        help="How strongly to recolor, from 0 to 1",
    )
    parser.add_argument(
        "--style",
        type=str,
        default="photo",
        choices=["photo", "anime"],
        help="Color style",
    )
    parser.add_argument("--fp16", action="store_true", help="Run in half precision")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--device", type=str, default="cpu", help="Device to run on")
    args = parser.parse_args()

    if args.seed is not None:
        torch.manual_seed(args.seed)
    model = Colorizer(style=args.style)
    model.load_state_dict(torch.load(args.ckpt, map_location="cpu"))
    model = model.to(args.device).eval()
    if args.fp16:
        model = model.half()

    sketch = cv2.imread(args.input, cv2.IMREAD_GRAYSCALE)
    x = torch.from_numpy(sketch.astype(np.float32) / 255.0)[None, None].to(args.device)
    with torch.no_grad():
        y = model(x, steps=args.steps, strength=args.strength)
    rgb = (y[0].permute(1, 2, 0).clamp(0, 1).cpu().numpy() * 255).astype(np.uint8)

    os.makedirs(args.output, exist_ok=True)
    name = os.path.splitext(os.path.basename(args.input))[0] + "_color.png"
    Image.fromarray(rgb).save(os.path.join(args.output, name))


if __name__ == "__main__":
    main()
