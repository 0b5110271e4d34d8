"""Tiny NLP models: BERT heads for the transformers pipelines, a GPT-2 with a
chat template, a T5, and a LoRA adapter over the GPT-2."""

import json
import os

from makecommon import card, tiny_bert_config, wordpiece_tokenizer

NER_LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
# An NLI head: the zero-shot pipeline looks for the label "entailment".
NLI_LABELS = ["contradiction", "neutral", "entailment"]
SENTIMENT_LABELS = ["NEGATIVE", "POSITIVE"]


def _bert(out: str, model_cls, tag: str, title: str, **config) -> None:
    """Save a two-layer BERT with the head model_cls and its tokenizer."""
    tok = wordpiece_tokenizer()
    model_cls(tiny_bert_config(len(tok), **config)).save_pretrained(out)
    tok.save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": tag},
        f"# {title}\n\nA two-layer BERT with random weights, for tests.",
    )


def _labels(names: list) -> dict:
    return {
        "id2label": dict(enumerate(names)),
        "label2id": {n: i for i, n in enumerate(names)},
    }


def make_text_classifier(out: str) -> None:
    from transformers import BertForSequenceClassification

    _bert(
        out,
        BertForSequenceClassification,
        "text-classification",
        "tiny-sentiment",
        **_labels(SENTIMENT_LABELS),
    )


def make_token_classifier(out: str) -> None:
    from transformers import BertForTokenClassification

    tok = wordpiece_tokenizer()
    model = BertForTokenClassification(tiny_bert_config(len(tok), **_labels(NER_LABELS)))
    # Random weights would tag most tokens O, which no entity comes of; a
    # bias against O makes every text hold entities to check.
    model.classifier.bias.data[0] = -10
    model.save_pretrained(out)
    tok.save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "token-classification"},
        "# tiny-ner\n\nA two-layer BERT with random weights, for tests.",
    )


def make_zero_shot(out: str) -> None:
    from transformers import BertForSequenceClassification

    _bert(
        out,
        BertForSequenceClassification,
        "zero-shot-classification",
        "tiny-nli",
        **_labels(NLI_LABELS),
    )


def make_question_answering(out: str) -> None:
    from transformers import BertForQuestionAnswering

    _bert(out, BertForQuestionAnswering, "question-answering", "tiny-squad")


def make_fill_mask(out: str) -> None:
    from transformers import BertForMaskedLM

    _bert(out, BertForMaskedLM, "fill-mask", "tiny-bert-uncased")


def make_feature_extraction(out: str) -> None:
    """A bare BERT encoder: no head, no sentence-transformers config, so the
    generic pipeline recipe packages it."""
    from transformers import BertModel

    _bert(out, BertModel, "feature-extraction", "tiny-bert-encoder")


# A ChatML template: system and user turns, then the assistant's opening.
CHAT_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def byte_bpe_tokenizer(specials: list):
    """A GPT-2-style byte-level BPE trained on a few sentences: every byte is
    in its alphabet, so any prompt encodes and every token decodes."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    corpus = ["hello world", "the cat sat on the mat", "paris is a city", "tell me a story"] * 10
    tok.train_from_iterator(corpus, trainer)
    return tok


# The GPT-2's context: long enough that a stream of a few thousand tokens
# takes seconds on a CPU, so a case can cancel it midway.
CONTEXT = 4096


def _gpt2(out: str) -> None:
    """A two-layer GPT-2 with a ChatML chat template."""
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    tok = PreTrainedTokenizerFast(
        tokenizer_object=byte_bpe_tokenizer(specials),
        bos_token="<|endoftext|>",
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        additional_special_tokens=["<|im_start|>"],
        model_max_length=CONTEXT,
    )
    tok.chat_template = CHAT_TEMPLATE
    config = GPT2Config(
        vocab_size=len(tok),
        n_positions=CONTEXT,
        n_embd=32,
        n_layer=2,
        n_head=2,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
    )
    model = GPT2LMHeadModel(config)
    # Random weights pick the end token now and then; suppressing it makes a
    # stream run to max_new_tokens, so a case knows how long it is.
    model.generation_config.suppress_tokens = [tok.eos_token_id, tok.bos_token_id]
    model.save_pretrained(out)
    tok.save_pretrained(out)


def make_text_generation(out: str) -> None:
    _gpt2(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "text-generation", "tags": ["conversational"]},
        "# tiny-chat\n\nA two-layer GPT-2 with random weights and a ChatML template, for tests.",
    )


def make_seq2seq(out: str) -> None:
    """A two-layer T5 with a Unigram tokenizer (as T5's sentencepiece one is)
    and the task prefixes T5 configs carry."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import T5Config, T5ForConditionalGeneration, T5TokenizerFast

    tok = Tokenizer(models.Unigram())
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    trainer = trainers.UnigramTrainer(
        vocab_size=200,
        special_tokens=["<pad>", "</s>", "<unk>"],
        unk_token="<unk>",
        initial_alphabet=list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:!?'"),
        show_progress=False,
    )
    corpus = ["translate English to German: hello world", "summarize: the cat sat on the mat"] * 20
    tok.train_from_iterator(corpus, trainer)
    tok.post_processor = processors.TemplateProcessing(
        single="$A </s>", pair="$A </s> $B </s>", special_tokens=[("</s>", tok.token_to_id("</s>"))]
    )
    fast = T5TokenizerFast(tokenizer_object=tok, eos_token="</s>", unk_token="<unk>", pad_token="<pad>", extra_ids=0)
    fast.model_max_length = 512  # as T5's
    config = T5Config(
        vocab_size=len(fast),
        d_model=32,
        d_kv=16,
        d_ff=37,
        num_layers=2,
        num_heads=2,
        decoder_start_token_id=fast.pad_token_id,
        pad_token_id=fast.pad_token_id,
        eos_token_id=fast.eos_token_id,
        task_specific_params={
            "summarization": {"prefix": "summarize: ", "max_length": 20},
            "translation_en_to_de": {"prefix": "translate English to German: ", "max_length": 20},
        },
    )
    model = T5ForConditionalGeneration(config)
    # Without the end, padding and unknown tokens (all skipped when decoding)
    # the output always has text, max_new_tokens pieces of it.
    model.generation_config.suppress_tokens = [fast.eos_token_id, fast.pad_token_id, fast.unk_token_id]
    model.save_pretrained(out)
    fast.save_pretrained(out)
    card(
        out,
        {"library_name": "transformers", "pipeline_tag": "text2text-generation"},
        "# tiny-t5\n\nA two-layer T5 with random weights, for tests.",
    )


def make_peft_lora(out: str) -> None:
    """A LoRA adapter over the tiny GPT-2 of make_text_generation, which the
    case serves as the base under PEFT_BASE_ID. Written as peft saves one
    (adapter_config.json, adapter_model.safetensors) with seeded random
    weights, so the makers need no peft of their own."""
    import torch
    from safetensors.torch import save_file

    n_embd, n_layer, r = 32, 2, 4
    tensors = {}
    for i in range(n_layer):
        key = f"base_model.model.transformer.h.{i}.attn.c_attn"
        tensors[key + ".lora_A.weight"] = torch.randn(r, n_embd) * 0.1
        tensors[key + ".lora_B.weight"] = torch.randn(3 * n_embd, r) * 0.1
    save_file(tensors, os.path.join(out, "adapter_model.safetensors"), metadata={"format": "pt"})
    config = {
        "peft_type": "LORA",
        "task_type": "CAUSAL_LM",
        "base_model_name_or_path": PEFT_BASE_ID,
        "revision": None,
        "r": r,
        "lora_alpha": 8,
        "lora_dropout": 0.0,
        "target_modules": ["c_attn"],
        "fan_in_fan_out": True,  # GPT-2's Conv1D stores weights transposed
        "bias": "none",
        "inference_mode": True,
        "init_lora_weights": True,
        "modules_to_save": None,
    }
    with open(os.path.join(out, "adapter_config.json"), "w") as f:
        json.dump(config, f, indent=2)
    card(
        out,
        {"library_name": "peft", "base_model": PEFT_BASE_ID, "pipeline_tag": "text-generation"},
        "# tiny-lora\n\nA LoRA adapter with random weights over a two-layer GPT-2, for tests.",
    )


# The id the peft case serves the adapter's base under.
PEFT_BASE_ID = "cogport-tiny/peft-base"


MAKERS = {
    "text-classification": make_text_classifier,
    "token-classification": make_token_classifier,
    "zero-shot-classification": make_zero_shot,
    "question-answering": make_question_answering,
    "fill-mask": make_fill_mask,
    "feature-extraction": make_feature_extraction,
    "text-generation": make_text_generation,
    "seq2seq": make_seq2seq,
    "peft-lora": make_peft_lora,
}
