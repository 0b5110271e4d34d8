from transformers import PretrainedConfig


class AcmeVisionConfig(PretrainedConfig):
    model_type = "acme_vision"
