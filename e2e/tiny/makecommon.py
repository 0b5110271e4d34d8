"""Helpers shared by the tiny-model makers (make_*.py)."""

import json
import os

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
    # dict.fromkeys drops repeats ("a" is a letter and a word): ids must run
    # 0..len-1, or a word's id falls outside the model's embeddings.
    tokens = dict.fromkeys(SPECIALS + chars + ["##" + c for c in chars] + WORDS)
    vocab = {w: i for i, w in enumerate(tokens)}
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
