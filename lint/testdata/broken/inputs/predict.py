from typing import Optional

from cog import BasePredictor, Input, Path, Secret


class Predictor(BasePredictor):
    def setup(self) -> None:
        self.model = None

    def predict(
        self,
        prompt: str = Input(description="What to draw"),
        negative_prompt: str = Input(default=""),
        api_key: str = Input(description="Your API key", default=""),
        hf_token: Optional[Secret] = Input(description="Fine: a Secret", default=None),
        max_new_tokens: int = Input(description="Not a credential", default=128, ge=1, le=4096),
        name: str = Input(description="ge on a string", default="x", ge=1),
        size: int = Input(description="choices and bounds", choices=[512, 1024], default=512, ge=512),
        scale: float = Input(description="float choices", choices=[0.5, 1.0], default=0.5),
        mode: str = Input(description="one choice", choices=["fast"], default="fast"),
        format: str = Input(description="default outside", choices=["png", "jpg"], default="webp"),
        steps: int = Input(description="default above le", default=100, ge=1, le=50),
        strength: float = Input(description="default below ge", default=-0.5, ge=0.0, le=1.0),
        tag: str = Input(description="default too short", default="a", min_length=2),
        code: str = Input(description="default fails regex", default="abc", regex="^[0-9]+$"),
        old: str = Input(default="", deprecated=True),
    ) -> Path:
        return Path("/tmp/out.png")
