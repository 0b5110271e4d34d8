import gradio as gr
import numpy as np
import torch
from PIL import Image
from safetensors.torch import load_file

from restorer.net import Restorer

DEVICE = "cuda" if torch.cuda.is_available() else "cpu"

model = Restorer()
model.load_state_dict(load_file("weights/restorer.safetensors"))
model = model.to(DEVICE).eval()


def restore(image, scale, mode, denoise):
    """Restore one photo."""
    x = (
        torch.from_numpy(np.asarray(image, dtype=np.float32) / 255.0)
        .permute(2, 0, 1)[None]
        .to(DEVICE)
    )
    with torch.no_grad():
        y = model(x, denoise=denoise, faces=(mode == "faces"))
    out = Image.fromarray(
        (y[0].permute(1, 2, 0).clamp(0, 1).cpu().numpy() * 255).astype(np.uint8)
    )
    if scale > 1:
        out = out.resize((out.width * scale, out.height * scale), Image.LANCZOS)
    return out


with gr.Blocks(title="Photo Restorer") as demo:
    gr.Markdown("# Photo Restorer")
    with gr.Row():
        image = gr.Image(type="pil", label="Old photo")
        result = gr.Image(label="Restored photo")
    scale = gr.Slider(1, 4, value=2, step=1, label="Upscale factor")
    mode = gr.Radio(["general", "faces"], value="general", label="What the photo shows")
    denoise = gr.Slider(0.0, 1.0, value=0.5, label="Denoising strength")
    button = gr.Button("Restore")
    button.click(restore, inputs=[image, scale, mode, denoise], outputs=result)
    gr.Examples(examples=[["examples/old.jpg"]], inputs=[image])


if __name__ == "__main__":
    demo.launch()
