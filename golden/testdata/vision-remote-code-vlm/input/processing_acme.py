from transformers import ProcessorMixin


class AcmeVisionProcessor(ProcessorMixin):
    attributes = ["image_processor", "tokenizer"]
