from transformers import PreTrainedModel

from .configuration_acme import AcmeVisionConfig


class AcmeVisionForCausalLM(PreTrainedModel):
    config_class = AcmeVisionConfig
