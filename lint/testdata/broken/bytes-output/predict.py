import io

from cog import BasePredictor, Input, Path


class Predictor(BasePredictor):
    def setup(self) -> None:
        self.model = None

    def predict(self, prompt: str = Input(description="What to draw")) -> Path:
        buf = io.BytesIO()
        buf.write(prompt.encode())
        return io.BytesIO(buf.getvalue())
