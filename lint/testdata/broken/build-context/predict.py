import os
import tempfile

import torch
from cog import BasePredictor, Input, Path
from diffusers import AutoPipelineForText2Image

os.environ["HF_HOME"] = "/src/hf-home"
os.environ.setdefault("TORCH_HOME", "./torch-cache")
WEIGHTS_CACHE = "/root/.cache/weights"


class Predictor(BasePredictor):
    def setup(self) -> None:
        self.pipe = AutoPipelineForText2Image.from_pretrained(
            "stabilityai/sdxl-turbo", cache_dir="diffusers-cache", torch_dtype=torch.float16
        ).to("cuda")

    def predict(
        self,
        prompt: str = Input(description="What to draw"),
        steps: int = Input(description="Denoising steps", default=4, ge=1, le=50),
        output_format: str = Input(description="Image format", choices=["png", "jpg"], default="png"),
    ) -> Path:
        result = self.pipe(prompt=prompt, num_inference_steps=steps).images[0]
        out = Path(tempfile.mkdtemp()) / f"output.{output_format}"
        result.save(out)
        return out
