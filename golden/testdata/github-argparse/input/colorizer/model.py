import torch
from torch import nn


class Colorizer(nn.Module):
    """A tiny refiner: a sketch channel in, three color channels out."""

    def __init__(self, style: str = "photo"):
        super().__init__()
        self.style = style
        self.net = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 3, 3, padding=1)
        )

    def forward(
        self, x: torch.Tensor, steps: int = 20, strength: float = 0.8
    ) -> torch.Tensor:
        y = self.net(x)
        for _ in range(steps - 1):
            y = y + strength * (self.net(x) - y) / steps
        return torch.sigmoid(y)
