import os
from typing import Optional

import torch
from cog import BasePredictor, Input, Path
from diffusers import DiffusionPipeline
from huggingface_hub import snapshot_download
from transformers import pipeline

MAX_SEED = 2**32 - 1
MAX_STEPS = 50


class Predictor(BasePredictor):
    def setup(self) -> None:
        self.pipe = DiffusionPipeline.from_pretrained("org/model")

    def predict(
        self,
        prompt: str = Input(description="What to draw"),
        seed: int = Input(description="Seed", default=0, ge=0, le=MAX_SEED),
        steps: int = Input(
            description="Steps",
            default=4,
            ge=1,
            le=MAX_STEPS,
        ),
        image: Path | None = Input(description="Start image", default=None),
        lora: str = Input(description="LoRA", default=os.getenv("DEFAULT_LORA", "")),
    ) -> Path:
        path = snapshot_download("org/lora")
        self.pipe.load_lora_weights(path)
        state = torch.load(os.path.join(path, "extra.pt"))
        captioner = pipeline("image-to-text")
        if self.refiner is None:
            self.refiner = DiffusionPipeline.from_pretrained("org/refiner")
        out = self.pipe(prompt, num_inference_steps=steps).images[0]
        out.save("/tmp/out.png")
        return Path("/tmp/out.png")
