"""Tiny audio models: speech synthesis (VITS), audio classification (AST),
speech recognition (Whisper, wav2vec2 CTC)."""

import json
import os

from makecommon import card

# Characters the speech models spell with: lower-case letters, space and a
# little punctuation, enough for every sentence the tests send.
LETTERS = list("abcdefghijklmnopqrstuvwxyz") + [" ", "'", ".", ",", "!", "?"]

# Labels of the tiny audio classifier, read back from its config by the tests.
AUDIO_LABELS = ["speech", "music", "silence", "dog bark", "engine"]


def make_vits_tts(out: str) -> None:
    """A VITS text-to-speech model (the MMS-TTS architecture) with a
    character vocabulary, at 16 kHz."""
    from transformers import VitsConfig, VitsModel, VitsTokenizer

    vocab = {c: i for i, c in enumerate(["<pad>", "<unk>"] + LETTERS)}
    vocab_file = os.path.join(out, "vocab.json")
    with open(vocab_file, "w") as f:
        json.dump(vocab, f)
    tok = VitsTokenizer(vocab_file, language="eng", add_blank=True, normalize=True, phonemize=False)
    config = VitsConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        ffn_dim=32,
        flow_size=8,
        spectrogram_bins=17,
        upsample_initial_channel=16,
        upsample_rates=[4, 4],
        upsample_kernel_sizes=[8, 8],
        resblock_kernel_sizes=[3],
        resblock_dilation_sizes=[[1, 3]],
        duration_predictor_filter_channels=16,
        prior_encoder_num_flows=1,
        prior_encoder_num_wavenet_layers=1,
        posterior_encoder_num_wavenet_layers=1,
        depth_separable_num_layers=1,
        duration_predictor_num_flows=1,
        sampling_rate=16000,
    )
    VitsModel(config).eval().save_pretrained(out)
    tok.save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "text-to-speech", "tags": ["vits", "mms"]},
        "# tiny-vits\n\nA one-layer VITS with random weights, for tests.",
    )


MAKERS = {
    "vits-tts": make_vits_tts,
}
