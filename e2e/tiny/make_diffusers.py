"""Tiny diffusers pipelines, built the way diffusers' own tests build them.

A Stable Diffusion pipeline of a UNet2DConditionModel with block_out_channels
(32, 64), a two-layer CLIP text encoder of width 32, a small AutoencoderKL and
a CLIP tokenizer over a byte-level vocabulary, saved by save_pretrained in the
Hub's model_index.json layout. The VAE has four blocks, as the real one does,
so its scale factor is 8 and the native size (sample_size 32 times 8) is 256.
"""

import json
import os

from makecommon import card

SD_CARD = {"library_name": "diffusers", "pipeline_tag": "text-to-image", "tags": ["stable-diffusion"]}


def clip_tokenizer(out: str):
    """A CLIP BPE tokenizer whose vocabulary is every byte, alone and ending a word.

    With no merges, BPE splits every word into its bytes, so any prompt
    tokenizes without [UNK]; that is all a random-weight model needs.
    """
    from transformers import CLIPTokenizer
    from transformers.models.clip.tokenization_clip import bytes_to_unicode

    chars = list(bytes_to_unicode().values())
    tokens = chars + [c + "</w>" for c in chars] + ["<|startoftext|>", "<|endoftext|>"]
    vocab = {t: i for i, t in enumerate(tokens)}
    files = out + ".tokenizer"
    os.makedirs(files, exist_ok=True)
    with open(os.path.join(files, "vocab.json"), "w") as f:
        json.dump(vocab, f)
    with open(os.path.join(files, "merges.txt"), "w") as f:
        f.write("#version: 0.2\n")
    return CLIPTokenizer(
        os.path.join(files, "vocab.json"),
        os.path.join(files, "merges.txt"),
        pad_token="<|endoftext|>",
        model_max_length=77,
    )


def clip_text_encoder(vocab_size: int):
    from transformers import CLIPTextConfig, CLIPTextModel

    return CLIPTextModel(
        CLIPTextConfig(
            bos_token_id=vocab_size - 2,
            eos_token_id=vocab_size - 1,
            pad_token_id=vocab_size - 1,
            hidden_size=32,
            intermediate_size=37,
            num_attention_heads=4,
            num_hidden_layers=2,
            layer_norm_eps=1e-5,
            vocab_size=vocab_size,
            max_position_embeddings=77,
        )
    )


def tiny_vae():
    from diffusers import AutoencoderKL

    return AutoencoderKL(
        block_out_channels=[16, 16, 16, 16],
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * 4,
        up_block_types=["UpDecoderBlock2D"] * 4,
        latent_channels=4,
        layers_per_block=1,
        norm_num_groups=8,
        sample_size=256,
    )


def tiny_unet(in_channels: int = 4):
    from diffusers import UNet2DConditionModel

    return UNet2DConditionModel(
        block_out_channels=(32, 64),
        layers_per_block=2,
        sample_size=32,
        in_channels=in_channels,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=32,
    )


def tiny_sd(pipeline_class, out: str, in_channels: int = 4):
    """The tiny SD components in pipeline_class, with a PNDM scheduler."""
    from diffusers import PNDMScheduler

    tok = clip_tokenizer(out)
    return pipeline_class(
        unet=tiny_unet(in_channels),
        scheduler=PNDMScheduler(
            beta_start=0.00085,
            beta_end=0.012,
            beta_schedule="scaled_linear",
            skip_prk_steps=True,
            steps_offset=1,
        ),
        vae=tiny_vae(),
        text_encoder=clip_text_encoder(len(tok)),
        tokenizer=tok,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )


def save(pipe, out: str, front_matter: dict, body: str) -> None:
    pipe.save_pretrained(out)
    card(out, front_matter, body)


def make_sd(out: str) -> None:
    """A tiny StableDiffusionPipeline."""
    from diffusers import StableDiffusionPipeline

    save(tiny_sd(StableDiffusionPipeline, out), out, SD_CARD,
         "# tiny-stable-diffusion\n\nA tiny Stable Diffusion pipeline with random weights, for tests.")


def make_sd_inpainting(out: str) -> None:
    """A tiny StableDiffusionInpaintPipeline: its UNet takes the latents, the
    mask and the masked image's latents (4 + 1 + 4 channels)."""
    from diffusers import StableDiffusionInpaintPipeline

    save(tiny_sd(StableDiffusionInpaintPipeline, out, in_channels=9), out,
         {"library_name": "diffusers", "pipeline_tag": "image-to-image", "tags": ["stable-diffusion", "inpainting"]},
         "# tiny-stable-diffusion-inpainting\n\nA tiny inpainting pipeline with random weights, for tests.")


# The repository the tiny LoRA names as its base: the diffusers-lora case
# serves the tiny SD (diffusers-sd) under this id beside it.
LORA_BASE = "cogport-tiny/tiny-sd"


def make_sd_lora(out: str) -> None:
    """A rank-4 LoRA on the tiny SD UNet's attention projections, with
    non-zero random weights (so it changes the output), saved as diffusers'
    training scripts save theirs: pytorch_lora_weights.safetensors."""
    import torch
    from diffusers import StableDiffusionPipeline
    from diffusers.utils import convert_state_dict_to_diffusers
    from peft import LoraConfig
    from peft.utils import get_peft_model_state_dict

    unet = tiny_unet()
    unet.add_adapter(
        LoraConfig(r=4, lora_alpha=4, init_lora_weights="gaussian", target_modules=["to_k", "to_q", "to_v", "to_out.0"])
    )
    with torch.no_grad():
        for name, param in unet.named_parameters():
            if "lora_B" in name:
                param.normal_(std=0.5)  # B starts at zero: a no-op adapter otherwise
    layers = convert_state_dict_to_diffusers(get_peft_model_state_dict(unet))
    StableDiffusionPipeline.save_lora_weights(out, unet_lora_layers=layers, safe_serialization=True)
    card(
        out,
        {
            "base_model": LORA_BASE,
            "library_name": "diffusers",
            "pipeline_tag": "text-to-image",
            "tags": ["stable-diffusion", "text-to-image", "diffusers", "lora"],
            "instance_prompt": "a photo of sks cat",
        },
        "# tiny-sd-lora\n\nA LoRA with random weights over the tiny Stable Diffusion, for tests.",
    )


MAKERS = {
    "diffusers-sd-lora": make_sd_lora,
    "diffusers-sd": make_sd,
    "diffusers-sd-inpainting": make_sd_inpainting,
}
