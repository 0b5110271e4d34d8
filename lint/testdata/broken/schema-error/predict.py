from cog import BasePredictor, Input


class Predictor(BasePredictor):
    def setup(self) -> None:
        self.model = None

    def predict(self, prompt: str = Input(description="What to say")):
        return prompt
