"""A block instantiated by another class of the file is not a model, whatever that class's base.

transformers: `self.head = DPTDepthEstimationHead(config)` inside `DPTForDepthEstimation(DPTPreTrainedModel)`
(also swiftformer patch embedding, tvp vision model, llama4 vision MLP). The enclosing class derives from an
imported base (PreTrainedModel), so nnlint does not see it as a module class and the block becomes a root.
"""
import torch.nn as nn
from transformers.modeling_utils import PreTrainedModel


class PatchEmbedding(nn.Module):
    def __init__(self, in_chs, out_chs):
        super().__init__()
        self.proj = nn.Sequential(
            nn.Conv2d(in_chs, out_chs, 3, stride=2, padding=1),
            nn.BatchNorm2d(out_chs),
            nn.ReLU(),
        )

    def forward(self, x):
        return self.proj(x)


class MyPreTrainedModel(PreTrainedModel):
    base_model_prefix = "my"


class MyModel(MyPreTrainedModel):
    def __init__(self, config):
        super().__init__(config)
        self.patch_embed = PatchEmbedding(3, 32)
        self.classifier = nn.Linear(32, 10)

    def forward(self, pixel_values):
        x = self.patch_embed(pixel_values)
        return self.classifier(x.mean((2, 3)))
