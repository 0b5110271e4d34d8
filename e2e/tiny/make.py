"""Make tiny models for cogport's runtime stage, in Hugging Face Hub layout.

Usage: python make.py KIND OUT_DIR

Each maker builds a real architecture from a config shrunk to a few thousand
parameters, with random weights (seeded, so the same bytes every run), and
saves it as the Hub holds it: safetensors, configs, tokenizer files and a
model card whose front matter names the task and library. Nothing is
downloaded: tokenizers are built from a small vocabulary here.
"""

import json
import os
import sys

import torch

# A vocabulary big enough for the prompts the tests send: letters, digits and
# a few whole words, so WordPiece never has to fall back to [UNK] for them.
WORDS = ["hello", "world", "the", "cat", "sat", "on", "mat", "a", "is", "paris"]
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def card(out: str, front_matter: dict, body: str) -> None:
    """Write README.md with YAML front matter (JSON is valid YAML)."""
    lines = ["---"] + [f"{k}: {json.dumps(v)}" for k, v in front_matter.items()]
    with open(os.path.join(out, "README.md"), "w") as f:
        f.write("\n".join(lines) + "\n---\n\n" + body + "\n")


def wordpiece_tokenizer():
    """A BERT-style fast tokenizer over a tiny vocabulary."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertTokenizerFast

    chars = [chr(c) for c in range(ord("a"), ord("z") + 1)] + list("0123456789.,!?")
    vocab = {w: i for i, w in enumerate(SPECIALS + chars + ["##" + c for c in chars] + WORDS)}
    tok = Tokenizer(models.WordPiece(vocab=vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])],
    )
    return BertTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=64,
    )


def tiny_bert_config(vocab_size: int, **kw):
    from transformers import BertConfig

    return BertConfig(
        vocab_size=vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=37,
        max_position_embeddings=64,
        **kw,
    )


def make_sentence_transformers(out: str) -> None:
    """A two-layer BERT with mean pooling, saved by sentence-transformers."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers import models as st_models
    from transformers import BertModel

    tok = wordpiece_tokenizer()
    base = out + ".base"
    BertModel(tiny_bert_config(len(tok))).save_pretrained(base)
    tok.save_pretrained(base)
    word = st_models.Transformer(base, max_seq_length=32)
    pool = st_models.Pooling(word.get_embedding_dimension(), pooling_mode="mean")
    SentenceTransformer(modules=[word, pool]).save(out)
    card(
        out,
        {"library_name": "sentence-transformers", "pipeline_tag": "sentence-similarity"},
        "# tiny-sentence-embedder\n\nA two-layer BERT with random weights, for tests.",
    )


MAKERS = {
    "sentence-transformers": make_sentence_transformers,
}


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in MAKERS:
        sys.exit(f"usage: python make.py {{{'|'.join(MAKERS)}}} OUT_DIR")
    torch.manual_seed(0)
    kind, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    MAKERS[kind](out)


if __name__ == "__main__":
    main()
