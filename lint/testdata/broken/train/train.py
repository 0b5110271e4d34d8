import tempfile

from cog import Input, Path


def train(
    dataset: Path = Input(description="A zip of images"),
    steps: int = Input(default=1000, ge=100, le=4000),
) -> Path:
    out = Path(tempfile.mkdtemp()) / "lora.safetensors"
    out.write_bytes(dataset.read_bytes()[:steps])
    return out
