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

# A card's usage section, as real cards have: cogport reads the literal
# keyword arguments of the pipeline call as the model's recommended settings
# (here few steps, small sizes and few frames, which keep the defaults fast
# on a CPU).
USAGE = "## Usage\n\n```python\n{call}\n```"

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
         "# tiny-stable-diffusion\n\nA tiny Stable Diffusion pipeline with random weights, for tests.\n\n"
         + USAGE.format(call='image = pipe("a cat", num_inference_steps=4).images[0]'))


def make_sd_inpainting(out: str) -> None:
    """A tiny StableDiffusionInpaintPipeline: its UNet takes the latents, the
    mask and the masked image's latents (4 + 1 + 4 channels)."""
    from diffusers import StableDiffusionInpaintPipeline

    save(tiny_sd(StableDiffusionInpaintPipeline, out, in_channels=9), out,
         {"library_name": "diffusers", "pipeline_tag": "image-to-image", "tags": ["stable-diffusion", "inpainting"]},
         "# tiny-stable-diffusion-inpainting\n\nA tiny inpainting pipeline with random weights, for tests.\n\n"
         + USAGE.format(call='image = pipe("a cat", image=image, mask_image=mask, num_inference_steps=4).images[0]'))


def make_sdxl(out: str) -> None:
    """A tiny StableDiffusionXLPipeline: two CLIP text encoders (the second
    with a projection) whose hidden states the UNet takes side by side, and
    the pooled projection with the size and crop conditions as its added
    embedding (6 x 8 + 32 = 80 inputs)."""
    from diffusers import EulerDiscreteScheduler, StableDiffusionXLPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    tok = clip_tokenizer(out)
    config = CLIPTextConfig(
        bos_token_id=len(tok) - 2,
        eos_token_id=len(tok) - 1,
        pad_token_id=len(tok) - 1,
        hidden_size=32,
        intermediate_size=37,
        num_attention_heads=4,
        num_hidden_layers=2,
        layer_norm_eps=1e-5,
        vocab_size=len(tok),
        max_position_embeddings=77,
        hidden_act="gelu",
        projection_dim=32,
    )
    unet = UNet2DConditionModel(
        block_out_channels=(32, 64),
        layers_per_block=2,
        sample_size=32,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        attention_head_dim=(2, 4),
        use_linear_projection=True,
        addition_embed_type="text_time",
        addition_time_embed_dim=8,
        transformer_layers_per_block=(1, 2),
        projection_class_embeddings_input_dim=80,
        cross_attention_dim=64,
    )
    pipe = StableDiffusionXLPipeline(
        vae=tiny_vae(),
        text_encoder=CLIPTextModel(config),
        text_encoder_2=CLIPTextModelWithProjection(config),
        tokenizer=tok,
        tokenizer_2=tok,
        unet=unet,
        scheduler=EulerDiscreteScheduler(
            beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", steps_offset=1, timestep_spacing="leading"
        ),
    )
    save(pipe, out, {"library_name": "diffusers", "pipeline_tag": "text-to-image", "tags": ["stable-diffusion-xl"]},
         "# tiny-sdxl\n\nA tiny Stable Diffusion XL pipeline with random weights, for tests.\n\n"
         + USAGE.format(call='image = pipe("a cat", num_inference_steps=4).images[0]'))


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


def clip_vision(image_size: int = 32, patch_size: int = 4):
    """A CLIP image encoder with a projection, and its image processor."""
    from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModelWithProjection

    encoder = CLIPVisionModelWithProjection(
        CLIPVisionConfig(
            hidden_size=32,
            projection_dim=32,
            intermediate_size=37,
            layer_norm_eps=1e-5,
            num_attention_heads=4,
            num_hidden_layers=2,
            image_size=image_size,
            patch_size=patch_size,
        )
    )
    return encoder, CLIPImageProcessor(crop_size=image_size, size=image_size)


def make_sd_image_variations(out: str) -> None:
    """A tiny StableDiffusionImageVariationPipeline: CLIP image embeddings
    condition the UNet in place of a prompt's."""
    from diffusers import PNDMScheduler, StableDiffusionImageVariationPipeline

    encoder, processor = clip_vision()
    pipe = StableDiffusionImageVariationPipeline(
        vae=tiny_vae(),
        image_encoder=encoder,
        unet=tiny_unet(),
        scheduler=PNDMScheduler(skip_prk_steps=True, steps_offset=1),
        safety_checker=None,
        feature_extractor=processor,
        requires_safety_checker=False,
    )
    save(pipe, out, {"library_name": "diffusers", "pipeline_tag": "image-to-image", "tags": ["stable-diffusion"]},
         "# tiny-sd-image-variations\n\nA tiny image-variations pipeline with random weights, for tests.\n\n"
         + USAGE.format(call="images = pipe(image, num_inference_steps=4).images"))


def make_sd_upscale(out: str) -> None:
    """A tiny StableDiffusionUpscalePipeline, shaped as the x4 upscaler: a
    three-block VAE (scale factor 4) and a UNet that takes the latents and
    the low-resolution image (4 + 3 channels), with noise-level classes."""
    from diffusers import AutoencoderKL, DDIMScheduler, DDPMScheduler, StableDiffusionUpscalePipeline, UNet2DConditionModel

    tok = clip_tokenizer(out)
    unet = UNet2DConditionModel(
        block_out_channels=(32, 32, 64),
        layers_per_block=2,
        sample_size=32,
        in_channels=7,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=32,
        attention_head_dim=8,
        use_linear_projection=True,
        only_cross_attention=(True, True, False),
        num_class_embeds=100,
    )
    vae = AutoencoderKL(
        block_out_channels=[16, 16, 16],
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * 3,
        up_block_types=["UpDecoderBlock2D"] * 3,
        latent_channels=4,
        layers_per_block=1,
        norm_num_groups=8,
        scaling_factor=0.08333,
    )
    pipe = StableDiffusionUpscalePipeline(
        vae=vae,
        text_encoder=clip_text_encoder(len(tok)),
        tokenizer=tok,
        unet=unet,
        low_res_scheduler=DDPMScheduler(),
        scheduler=DDIMScheduler(prediction_type="v_prediction"),
        max_noise_level=350,
    )
    save(pipe, out, {"library_name": "diffusers", "pipeline_tag": "image-to-image", "tags": ["stable-diffusion", "super-resolution"]},
         "# tiny-sd-x4-upscaler\n\nA tiny x4 upscaler with random weights, for tests.\n\n"
         + USAGE.format(call='upscaled = pipe(prompt="a cat", image=low_res, num_inference_steps=4).images[0]'))


def make_text_to_video(out: str) -> None:
    """A tiny TextToVideoSDPipeline (ModelScope): a 3D UNet over the SD VAE's
    latents, frame by frame."""
    from diffusers import DDIMScheduler, TextToVideoSDPipeline, UNet3DConditionModel

    tok = clip_tokenizer(out)
    unet = UNet3DConditionModel(
        block_out_channels=(32, 64),
        layers_per_block=1,
        sample_size=32,
        in_channels=4,
        out_channels=4,
        down_block_types=("CrossAttnDownBlock3D", "DownBlock3D"),
        up_block_types=("UpBlock3D", "CrossAttnUpBlock3D"),
        cross_attention_dim=32,
        attention_head_dim=8,
    )
    pipe = TextToVideoSDPipeline(
        vae=tiny_vae(),
        text_encoder=clip_text_encoder(len(tok)),
        tokenizer=tok,
        unet=unet,
        scheduler=DDIMScheduler(
            beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", clip_sample=False, set_alpha_to_one=False
        ),
    )
    save(pipe, out, {"library_name": "diffusers", "pipeline_tag": "text-to-video", "tags": ["text-to-video"]},
         "# tiny-text-to-video\n\nA tiny ModelScope text-to-video pipeline with random weights, for tests.\n\n"
         + USAGE.format(call='frames = pipe("a cat", num_frames=8, num_inference_steps=4).frames[0]'))


def make_svd(out: str) -> None:
    """A tiny StableVideoDiffusionPipeline: a spatio-temporal UNet, a VAE
    with a temporal decoder and a CLIP image encoder, configured as
    diffusers' tests configure theirs."""
    from diffusers import (
        AutoencoderKLTemporalDecoder,
        EulerDiscreteScheduler,
        StableVideoDiffusionPipeline,
        UNetSpatioTemporalConditionModel,
    )

    # The pipeline resizes the first frame to 224x224 itself, whatever the
    # processor says: the encoder must take that size.
    encoder, processor = clip_vision(image_size=224, patch_size=14)
    unet = UNetSpatioTemporalConditionModel(
        block_out_channels=(32, 64),
        layers_per_block=2,
        sample_size=32,
        in_channels=8,
        out_channels=4,
        down_block_types=("CrossAttnDownBlockSpatioTemporal", "DownBlockSpatioTemporal"),
        up_block_types=("UpBlockSpatioTemporal", "CrossAttnUpBlockSpatioTemporal"),
        cross_attention_dim=32,
        num_attention_heads=8,
        projection_class_embeddings_input_dim=96,
        addition_time_embed_dim=32,
    )
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        interpolation_type="linear",
        num_train_timesteps=1000,
        prediction_type="v_prediction",
        sigma_max=700.0,
        sigma_min=0.002,
        steps_offset=1,
        timestep_spacing="leading",
        timestep_type="continuous",
        use_karras_sigmas=True,
    )
    vae = AutoencoderKLTemporalDecoder(  # its norms take 32 groups: no narrower blocks
        block_out_channels=[32, 32, 32, 32],
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * 4,
        latent_channels=4,
        layers_per_block=1,
    )
    pipe = StableVideoDiffusionPipeline(
        vae=vae, image_encoder=encoder, unet=unet, scheduler=scheduler, feature_extractor=processor
    )
    save(pipe, out, {"library_name": "diffusers", "pipeline_tag": "image-to-video", "tags": ["image-to-video"]},
         "# tiny-stable-video-diffusion\n\nA tiny Stable Video Diffusion pipeline with random weights, for tests.\n\n"
         + USAGE.format(call="frames = pipe(image, width=256, height=256, num_frames=4, num_inference_steps=4, decode_chunk_size=4).frames[0]"))


MAKERS = {
    "diffusers-sdxl": make_sdxl,
    "diffusers-sd-image-variations": make_sd_image_variations,
    "diffusers-sd-upscale": make_sd_upscale,
    "diffusers-text-to-video": make_text_to_video,
    "diffusers-svd": make_svd,
    "diffusers-sd-lora": make_sd_lora,
    "diffusers-sd": make_sd,
    "diffusers-sd-inpainting": make_sd_inpainting,
}
