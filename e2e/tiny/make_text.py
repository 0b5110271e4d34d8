"""Tiny text models: sentence-transformers."""

from makecommon import card, tiny_bert_config, wordpiece_tokenizer


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
