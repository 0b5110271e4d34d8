import torch
from torch import nn


class Restorer(nn.Module):
    """A tiny residual denoiser."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 3, 3, padding=1)
        )

    def forward(
        self, x: torch.Tensor, denoise: float = 0.5, faces: bool = False
    ) -> torch.Tensor:
        y = x - denoise * self.body(x)
        return y.clamp(0, 1) if not faces else (0.5 * (x + y)).clamp(0, 1)
