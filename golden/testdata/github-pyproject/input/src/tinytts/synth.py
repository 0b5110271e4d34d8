import numpy as np
from transformers import AutoModel


def synthesize(text, voice="calm", speed=1.0, model="example-org/tinytts-base"):
    """Return (samples, sample_rate) for text."""
    net = AutoModel.from_pretrained(model)
    return np.asarray(net.generate(text, voice=voice, speed=speed)), 16000
