"""tinytts: a tiny text-to-speech model."""

from .synth import synthesize

__all__ = ["synthesize"]
