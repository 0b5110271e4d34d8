"""Tiny vision and vision-language models: classifiers (transformers, timm),
a detector, a segmenter, a depth estimator, CLIP, BLIP captioning and ViLT.

Every model is a real architecture from a config shrunk to a few layers of
width 32, with seeded random weights. Heads whose outputs the tests judge by
threshold (detection) get a bias, so that random weights still give answers
above the package's default threshold.
"""

import json
import os

from makecommon import card, tiny_bert_config, wordpiece_tokenizer

# The labels every classifier head gets: strings the tests look for.
LABELS = ["tabby cat", "golden retriever", "sports car"]
ID2LABEL = {i: label for i, label in enumerate(LABELS)}
LABEL2ID = {label: i for i, label in enumerate(LABELS)}

# A shrunk ViT: 32x32 images in 8x8 patches.
VIT = dict(
    hidden_size=32,
    num_hidden_layers=2,
    num_attention_heads=2,
    intermediate_size=37,
    image_size=32,
    patch_size=8,
)


def vit_processor(size: int = 32):
    from transformers import ViTImageProcessor

    return ViTImageProcessor(size={"height": size, "width": size})


def make_vit(out: str) -> None:
    """ViTForImageClassification with three labels."""
    from transformers import ViTConfig, ViTForImageClassification

    config = ViTConfig(**VIT, id2label=ID2LABEL, label2id=LABEL2ID)
    ViTForImageClassification(config).save_pretrained(out)
    vit_processor().save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "image-classification"},
        "# tiny-vit\n\nA two-layer ViT classifier with random weights, for tests.",
    )


def make_timm(out: str) -> None:
    """A timm ResNet of two narrow stages, saved by timm's own save_for_hf:
    config.json (architecture, num_classes, pretrained_cfg with label names)
    and model.safetensors."""
    import timm
    from timm.models._hub import save_for_hf

    model = timm.create_model(
        "resnet18",
        pretrained=False,
        num_classes=len(LABELS),
        layers=[1, 1, 1, 1],
        channels=[8, 8, 16, 16],
        stem_width=8,
    )
    # A 32x32 input keeps the transform cheap; timm saves the label names at
    # the config's top level and loads them back into pretrained_cfg.
    model.pretrained_cfg = dict(model.pretrained_cfg, input_size=(3, 32, 32))
    save_for_hf(
        model,
        out,
        model_config={"label_names": LABELS},
        model_args={"layers": [1, 1, 1, 1], "channels": [8, 8, 16, 16], "stem_width": 8},
        safe_serialization=True,
    )
    card(
        out,
        {"library_name": "timm", "pipeline_tag": "image-classification", "tags": ["timm", "image-classification"]},
        "# tiny-timm-resnet\n\nA narrow four-stage timm ResNet with random weights, for tests.",
    )


def make_yolos(out: str) -> None:
    """YolosForObjectDetection: ten detection tokens on a 32x32 ViT. The class
    head is biased towards the first label, so detections score near 1."""
    import torch
    from transformers import YolosConfig, YolosForObjectDetection, YolosImageProcessor

    config = YolosConfig(**dict(VIT, image_size=[32, 32]), num_detection_tokens=10, id2label=ID2LABEL, label2id=LABEL2ID)
    model = YolosForObjectDetection(config)
    with torch.no_grad():
        model.class_labels_classifier.layers[-1].bias[0] = 10.0
    model.save_pretrained(out)
    YolosImageProcessor(size={"shortest_edge": 32, "longest_edge": 64}).save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "object-detection"},
        "# tiny-yolos\n\nA two-layer YOLOS detector with random weights, for tests.",
    )


def make_segformer(out: str) -> None:
    """SegformerForSemanticSegmentation with two narrow stages."""
    from transformers import SegformerConfig, SegformerForSemanticSegmentation, SegformerImageProcessor

    config = SegformerConfig(
        num_encoder_blocks=2,
        depths=[1, 1],
        sr_ratios=[2, 1],
        hidden_sizes=[8, 16],
        patch_sizes=[7, 3],
        strides=[4, 2],
        num_attention_heads=[1, 2],
        mlp_ratios=[2, 2],
        decoder_hidden_size=16,
        id2label=ID2LABEL,
        label2id=LABEL2ID,
    )
    SegformerForSemanticSegmentation(config).save_pretrained(out)
    SegformerImageProcessor(size={"height": 32, "width": 32}).save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "image-segmentation"},
        "# tiny-segformer\n\nA two-stage Segformer with random weights, for tests.",
    )


def make_dpt(out: str) -> None:
    """DPTForDepthEstimation on a four-layer 32x32 ViT."""
    from transformers import DPTConfig, DPTForDepthEstimation, DPTImageProcessor

    config = DPTConfig(
        **dict(VIT, num_hidden_layers=4),
        backbone_out_indices=[0, 1, 2, 3],
        neck_hidden_sizes=[8, 16, 16, 32],
        fusion_hidden_size=16,
        head_hidden_size=8,
    )
    DPTForDepthEstimation(config).save_pretrained(out)
    DPTImageProcessor(size={"height": 32, "width": 32}).save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "depth-estimation"},
        "# tiny-dpt\n\nA four-layer DPT depth estimator with random weights, for tests.",
    )


def clip_tokenizer():
    """A CLIP byte-level BPE tokenizer over a tiny vocabulary: every byte
    symbol, each with its end-of-word form, and the two special tokens."""
    from transformers import CLIPTokenizer
    from transformers.convert_slow_tokenizer import bytes_to_unicode

    symbols = list(bytes_to_unicode().values())
    vocab = {}
    for s in symbols + [s + "</w>" for s in symbols] + ["<|startoftext|>", "<|endoftext|>"]:
        vocab.setdefault(s, len(vocab))
    return CLIPTokenizer(vocab=vocab, merges=[], model_max_length=32)


def make_clip(out: str) -> None:
    """CLIPModel: a two-layer text tower and a two-layer 32x32 ViT."""
    from transformers import CLIPConfig, CLIPImageProcessor, CLIPModel, CLIPProcessor

    tok = clip_tokenizer()
    text = dict(
        vocab_size=len(tok),
        hidden_size=32,
        intermediate_size=37,
        num_hidden_layers=2,
        num_attention_heads=2,
        max_position_embeddings=32,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
    )
    vision = {k: v for k, v in VIT.items()}
    config = CLIPConfig(text_config=text, vision_config=vision, projection_dim=16)
    CLIPModel(config).save_pretrained(out)
    images = CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32})
    CLIPProcessor(image_processor=images, tokenizer=tok).save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "zero-shot-image-classification"},
        "# tiny-clip\n\nA two-layer CLIP with random weights, for tests.",
    )


def make_blip(out: str) -> None:
    """BlipForConditionalGeneration: a 32x32 ViT and a two-layer BERT decoder,
    with a WordPiece tokenizer whose [DEC] token starts captions."""
    from transformers import BlipConfig, BlipForConditionalGeneration, BlipImageProcessor, BlipProcessor

    tok = wordpiece_tokenizer()
    tok.add_special_tokens({"bos_token": "[DEC]"})
    tok.model_max_length = 32
    text = dict(
        vocab_size=len(tok),
        hidden_size=32,
        intermediate_size=37,
        num_hidden_layers=2,
        num_attention_heads=2,
        max_position_embeddings=64,
        encoder_hidden_size=32,
        bos_token_id=tok.bos_token_id,
        pad_token_id=tok.pad_token_id,
        sep_token_id=tok.sep_token_id,
        eos_token_id=tok.sep_token_id,
    )
    vision = dict(VIT)
    config = BlipConfig(text_config=text, vision_config=vision, projection_dim=16, image_text_hidden_size=32)
    model = BlipForConditionalGeneration(config)
    model.generation_config.max_new_tokens = 8
    model.save_pretrained(out)
    images = BlipImageProcessor(size={"height": 32, "width": 32})
    BlipProcessor(image_processor=images, tokenizer=tok).save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "image-to-text"},
        "# tiny-blip\n\nA two-layer BLIP captioner with random weights, for tests.",
    )


def make_vilt(out: str) -> None:
    """ViltForQuestionAnswering over a fixed set of answers."""
    from transformers import ViltConfig, ViltForQuestionAnswering, ViltImageProcessor, ViltProcessor

    tok = wordpiece_tokenizer()
    answers = ["yes", "no", "two", "sleeping"]
    config = ViltConfig(
        vocab_size=len(tok),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=37,
        image_size=32,
        patch_size=8,
        max_position_embeddings=64,
        max_image_length=-1,
        num_labels=len(answers),
        id2label=dict(enumerate(answers)),
        label2id={a: i for i, a in enumerate(answers)},
    )
    ViltForQuestionAnswering(config).save_pretrained(out)
    images = ViltImageProcessor(size={"shortest_edge": 32}, size_divisor=8)
    ViltProcessor(image_processor=images, tokenizer=tok).save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "visual-question-answering"},
        "# tiny-vilt\n\nA two-layer ViLT question answerer with random weights, for tests.",
    )


# Donut's document-QA task tokens: the prompt is
# <s_docvqa><s_question>QUESTION</s_question><s_answer>, and the model writes
# the answer and </s_answer>.
DONUT_TASK = ["<s_docvqa>", "<s_question>", "</s_question>", "<s_answer>", "</s_answer>"]
DONUT_WORDS = ["\u2581what", "\u2581is", "\u2581the", "\u2581invoice", "\u2581number", "?", "\u2581yes", "\u2581no"]


def donut_tokenizer():
    """An XLM-RoBERTa (Unigram) tokenizer over a tiny vocabulary, with the
    docvqa task tokens."""
    from transformers import XLMRobertaTokenizer

    chars = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + ["\u2581"]
    specials = [("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)]
    tok = XLMRobertaTokenizer(vocab=specials + [(w, -1.0) for w in DONUT_WORDS + chars])
    tok.add_special_tokens({"additional_special_tokens": DONUT_TASK})
    return tok


def make_donut(out: str) -> None:
    """Donut for document QA: a two-stage Donut-Swin encoder and a one-layer
    MBart decoder in a VisionEncoderDecoderModel.

    Random weights would write random tokens and never close the answer, so
    the decoder is set to answer "yes": its layer's residual branches are
    zeroed (the layer passes its input through) and its head maps each token
    to the next one of "<s_answer> yes </s_answer> </s>", a bigram table
    read off the token embeddings, which outweigh the position embeddings.
    """
    import torch
    from transformers import (
        DonutImageProcessor,
        DonutProcessor,
        DonutSwinConfig,
        MBartConfig,
        VisionEncoderDecoderConfig,
        VisionEncoderDecoderModel,
    )

    tok = donut_tokenizer()
    encoder = DonutSwinConfig(
        image_size=[32, 32], patch_size=4, embed_dim=8, depths=[1, 1], num_heads=[1, 2], window_size=2
    )
    decoder = MBartConfig(
        vocab_size=len(tok),
        d_model=16,
        decoder_layers=1,
        decoder_attention_heads=2,
        decoder_ffn_dim=32,
        encoder_layers=0,
        max_position_embeddings=32,
        scale_embedding=True,
        is_decoder=True,
        add_cross_attention=True,
        tie_word_embeddings=False,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
        decoder_start_token_id=tok.bos_token_id,
    )
    config = VisionEncoderDecoderConfig(encoder=encoder.to_dict(), decoder=decoder.to_dict())
    config.decoder_start_token_id = tok.bos_token_id
    config.pad_token_id = tok.pad_token_id
    config.eos_token_id = tok.eos_token_id
    model = VisionEncoderDecoderModel(config)
    chain = ["<s_answer>", "\u2581yes", "</s_answer>", "</s>"]
    ids = tok.convert_tokens_to_ids(chain)
    dec = model.decoder.model.decoder
    with torch.no_grad():
        for layer in dec.layers:
            for linear in (layer.self_attn.out_proj, layer.encoder_attn.out_proj, layer.fc2):
                linear.weight.zero_()
                linear.bias.zero_()
        dec.embed_positions.weight.mul_(0.01)
        head = model.decoder.lm_head.weight
        head.zero_()
        emb = dec.embed_tokens.weight
        for cur, nxt in zip(ids, ids[1:]):
            head[nxt] = 10 * emb[cur] / emb[cur].norm()
    model.save_pretrained(out)
    images = DonutImageProcessor(size={"height": 32, "width": 32}, do_align_long_axis=False)
    DonutProcessor(image_processor=images, tokenizer=tok).save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "document-question-answering"},
        "# tiny-donut-docvqa\n\nA two-stage Donut with random weights whose decoder always answers yes, for tests.",
    )


# The chat template of SmolVLM: "User:<image>prompt<end_of_utterance>\nAssistant:".
IDEFICS3_TEMPLATE = (
    "<|im_start|>{% for message in messages %}{{message['role'] | capitalize}}:"
    "{% for line in message['content'] %}{% if line['type'] == 'text' %}{{line['text']}}"
    "{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}{% endfor %}<end_of_utterance>\n"
    "{% endfor %}{% if add_generation_prompt %}Assistant:{% endif %}"
)


def byte_bpe_tokenizer(specials: list):
    """A GPT-2-style byte-level BPE tokenizer: every byte symbol, no merges,
    and the given special tokens."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast
    from transformers.convert_slow_tokenizer import bytes_to_unicode

    vocab = {s: i for i, s in enumerate(bytes_to_unicode().values())}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<|im_start|>",
        eos_token="<end_of_utterance>",
        pad_token="<|endoftext|>",
        unk_token="<|endoftext|>",
        model_max_length=256,
    )
    fast.add_special_tokens({"additional_special_tokens": specials})
    return fast


def make_idefics3(out: str) -> None:
    """Idefics3ForConditionalGeneration (SmolVLM's architecture): a two-layer
    32x32 SigLIP-style encoder, pixel shuffle by 2 (4 image tokens) and a
    two-layer Llama, with SmolVLM's chat template."""
    from transformers import (
        Idefics3Config,
        Idefics3ForConditionalGeneration,
        Idefics3ImageProcessor,
        Idefics3Processor,
    )

    rows = [f"<row_{i}_col_{j}>" for i in range(1, 7) for j in range(1, 7)]
    tok = byte_bpe_tokenizer(["<fake_token_around_image>", "<image>", "<global-img>"] + rows)
    vocab = len(tok) + 8  # room for what the processor adds
    text = dict(
        vocab_size=vocab,
        hidden_size=32,
        intermediate_size=37,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=1,
        max_position_embeddings=256,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
    )
    vision = dict(hidden_size=32, intermediate_size=37, num_hidden_layers=2, num_attention_heads=2, image_size=32, patch_size=8)
    images = Idefics3ImageProcessor(
        size={"longest_edge": 32},
        max_image_size={"longest_edge": 32},
        do_image_splitting=False,
    )
    processor = Idefics3Processor(image_processor=images, tokenizer=tok, image_seq_len=4, chat_template=IDEFICS3_TEMPLATE)
    config = Idefics3Config(
        text_config=text,
        vision_config=vision,
        scale_factor=2,
        image_token_id=tok.convert_tokens_to_ids("<image>"),
        pad_token_id=tok.pad_token_id,
        tie_word_embeddings=False,
    )
    model = Idefics3ForConditionalGeneration(config)
    model.generation_config.eos_token_id = tok.eos_token_id
    model.generation_config.pad_token_id = tok.pad_token_id
    model.save_pretrained(out)
    processor.save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "image-text-to-text"},
        "# tiny-idefics3\n\nA two-layer Idefics3 (SmolVLM) with random weights, for tests.",
    )


MAKERS = {
    "vit": make_vit,
    "timm-resnet": make_timm,
    "yolos": make_yolos,
    "segformer": make_segformer,
    "dpt": make_dpt,
    "clip": make_clip,
    "blip": make_blip,
    "vilt": make_vilt,
    "donut": make_donut,
    "idefics3": make_idefics3,
}
