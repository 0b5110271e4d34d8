from cog import BasePredictor, Input, Path


class Predictor(BasePredictor):
    def setup(self) -> None:
        self.model = None

    def predict(self, prompt: str = Input(description="What to draw")) -> Path:
        if prompt
            return Path("/tmp/a.png")
        return Path("/tmp/b.png")
