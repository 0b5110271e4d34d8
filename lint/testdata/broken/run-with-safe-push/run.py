from cog import BaseRunner, Input, Path


class Runner(BaseRunner):
    def setup(self) -> None:
        self.model = None

    def run(self, prompt: str = Input(description="What to draw")) -> Path:
        return Path("/tmp/out.png")

    def predict(self, prompt: str = Input(description="What to draw")) -> Path:
        return self.run(prompt)
