"""Tiny audio models: speech synthesis (VITS), audio classification (AST),
speech recognition (Whisper, wav2vec2 CTC)."""

import json
import os

from makecommon import card

# Characters the speech models spell with: lower-case letters, space and a
# little punctuation, enough for every sentence the tests send.
LETTERS = list("abcdefghijklmnopqrstuvwxyz") + [" ", "'", ".", ",", "!", "?"]

# Labels of the tiny audio classifier, read back from its config by the tests.
AUDIO_LABELS = ["speech", "music", "silence", "dog bark", "engine", "birdsong"]


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


def make_ast_classifier(out: str) -> None:
    """An Audio Spectrogram Transformer classifier over one second of
    16-mel-bin frames, with the labels in its config's id2label."""
    from transformers import ASTConfig, ASTFeatureExtractor, ASTForAudioClassification

    mel_bins, frames = 16, 100
    config = ASTConfig(
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=37,
        num_mel_bins=mel_bins,
        max_length=frames,
        id2label=dict(enumerate(AUDIO_LABELS)),
        label2id={label: i for i, label in enumerate(AUDIO_LABELS)},
    )
    ASTForAudioClassification(config).eval().save_pretrained(out)
    ASTFeatureExtractor(num_mel_bins=mel_bins, max_length=frames, sampling_rate=16000).save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "audio-classification", "tags": ["audio"]},
        "# tiny-ast\n\nA two-layer Audio Spectrogram Transformer with random weights, for tests.",
    )


def make_wav2vec2_ctc(out: str) -> None:
    """A wav2vec2 CTC speech recogniser with a character vocabulary (the
    facebook/wav2vec2-base-960h layout: vocab.json, a CTC tokenizer and a
    feature extractor at 16 kHz). The blank and the other special tokens
    are pushed down so the random weights spell letters, not nothing."""
    import torch
    from transformers import (
        Wav2Vec2Config,
        Wav2Vec2CTCTokenizer,
        Wav2Vec2FeatureExtractor,
        Wav2Vec2ForCTC,
    )

    chars = list("ABCDEFGHIJKLMNOPQRSTUVWXYZ'")
    vocab = {t: i for i, t in enumerate(["<pad>", "<s>", "</s>", "<unk>", "|"] + chars)}
    vocab_file = os.path.join(out, "vocab.json")
    with open(vocab_file, "w") as f:
        json.dump(vocab, f)
    tok = Wav2Vec2CTCTokenizer(vocab_file, word_delimiter_token="|")
    config = Wav2Vec2Config(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=37,
        conv_dim=(16, 16, 16),
        conv_stride=(5, 4, 4),
        conv_kernel=(10, 4, 4),
        num_conv_pos_embeddings=16,
        num_conv_pos_embedding_groups=2,
        pad_token_id=vocab["<pad>"],
        ctc_loss_reduction="mean",
    )
    model = Wav2Vec2ForCTC(config).eval()
    with torch.no_grad():
        for special in ("<pad>", "<s>", "</s>", "<unk>"):
            model.lm_head.bias[vocab[special]] = -100.0
    model.save_pretrained(out)
    tok.save_pretrained(out)
    Wav2Vec2FeatureExtractor(feature_size=1, sampling_rate=16000, padding_value=0.0,
                             do_normalize=True, return_attention_mask=False).save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "automatic-speech-recognition", "tags": ["audio"]},
        "# tiny-wav2vec2-ctc\n\nA two-layer wav2vec2 with a CTC head and random weights, for tests.",
    )


def make_whisper(out: str) -> None:
    """An English-only Whisper (vocabulary under the multilingual 51865, so
    no task or language) with a byte-level BPE over single bytes, the
    special tokens Whisper's generation needs and its timestamp tokens."""
    import torch
    from transformers import (
        GenerationConfig,
        WhisperConfig,
        WhisperFeatureExtractor,
        WhisperForConditionalGeneration,
        WhisperTokenizer,
    )
    from transformers.convert_slow_tokenizer import bytes_to_unicode

    to_char = bytes_to_unicode()
    byte_chars = list(to_char.values())
    spelled = {to_char[b] for b in b"abcdefghijklmnopqrstuvwxyz "}
    specials = ["<|endoftext|>", "<|startoftranscript|>", "<|en|>", "<|translate|>", "<|transcribe|>",
                "<|startoflm|>", "<|startofprev|>", "<|nocaptions|>", "<|notimestamps|>"]
    timestamps = [f"<|{i * 0.02:.2f}|>" for i in range(1501)]
    vocab = {t: i for i, t in enumerate(byte_chars + specials + timestamps)}
    tok = WhisperTokenizer(
        vocab=vocab,
        merges=[],
        unk_token="<|endoftext|>",
        bos_token="<|endoftext|>",
        eos_token="<|endoftext|>",
        pad_token="<|endoftext|>",
        model_max_length=64,
    )
    # Timestamp tokens are plain tokens after the last special one, which is
    # how the tokenizer finds where they begin.
    tok.add_special_tokens({"additional_special_tokens": specials[1:]})
    ids = {t: vocab[t] for t in specials}
    config = WhisperConfig(
        vocab_size=len(vocab),
        num_mel_bins=80,
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=37,
        decoder_ffn_dim=37,
        max_source_positions=1500,
        max_target_positions=64,
        pad_token_id=ids["<|endoftext|>"],
        bos_token_id=ids["<|endoftext|>"],
        eos_token_id=ids["<|endoftext|>"],
        decoder_start_token_id=ids["<|startoftranscript|>"],
    )
    model = WhisperForConditionalGeneration(config).eval()
    # The output projection shares the token embeddings: zero rows give the
    # special and timestamp tokens a logit of 0, below the likeliest letter,
    # so the random decoder spells rather than writing only those.
    with torch.no_grad():
        model.model.decoder.embed_tokens.weight[ids["<|startoftranscript|>"]:] = 0.0
    model.generation_config = GenerationConfig(
        decoder_start_token_id=ids["<|startoftranscript|>"],
        bos_token_id=ids["<|endoftext|>"],
        eos_token_id=ids["<|endoftext|>"],
        pad_token_id=ids["<|endoftext|>"],
        no_timestamps_token_id=ids["<|notimestamps|>"],
        forced_decoder_ids=[[1, ids["<|notimestamps|>"]]],
        is_multilingual=False,
        max_initial_timestamp_index=50,
        max_length=32,
        # Letters and spaces only, and never an empty transcript: the random
        # weights would write stray bytes or stop at once.
        begin_suppress_tokens=[ids["<|endoftext|>"]],
        suppress_tokens=[vocab[c] for c in byte_chars if c not in spelled],
    )
    model.save_pretrained(out)
    tok.save_pretrained(out)
    WhisperFeatureExtractor(feature_size=80, sampling_rate=16000).save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "automatic-speech-recognition", "tags": ["whisper", "audio"]},
        "# tiny-whisper\n\nA one-layer English-only Whisper with random weights, for tests.",
    )


MAKERS = {
    "vits-tts": make_vits_tts,
    "ast-classifier": make_ast_classifier,
    "wav2vec2-ctc": make_wav2vec2_ctc,
    "whisper": make_whisper,
}
