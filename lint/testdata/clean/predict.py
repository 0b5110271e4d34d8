import tempfile
from typing import Optional

import torch
from cog import BasePredictor, Input, Path, Secret
from diffusers import AutoPipelineForText2Image

MODEL_ID = "stabilityai/sdxl-turbo"
MODEL_CACHE = "model-cache"
MAX_STEPS = 50


class Predictor(BasePredictor):
    def setup(self) -> None:
        """Load the weights once per container."""
        self.pipe = AutoPipelineForText2Image.from_pretrained(
            MODEL_ID, cache_dir=MODEL_CACHE, torch_dtype=torch.float16
        ).to("cuda")

    def predict(
        self,
        prompt: str = Input(description="What to draw"),
        steps: int = Input(description="Denoising steps", default=4, ge=1, le=50),
        guidance: float = Input(description="Guidance scale", default=0.0, ge=0.0, le=20.0),
        output_format: str = Input(
            description="Image format",
            choices=["png", "jpg"],
            default="png",
        ),
        seed: Optional[int] = Input(description="Random seed; leave empty for a random one", default=None),
        image: Optional[Path] = Input(description="Optional start image", default=None),
        hf_token: Optional[Secret] = Input(description="Hugging Face token for gated LoRAs", default=None),
    ) -> Path:
        generator = None
        if seed is not None:
            generator = torch.Generator("cuda").manual_seed(seed)
        result = self.pipe(
            prompt=prompt,
            num_inference_steps=steps,
            guidance_scale=guidance,
            generator=generator,
        ).images[0]
        out = Path(tempfile.mkdtemp()) / f"output.{output_format}"
        result.save(out)
        return out
