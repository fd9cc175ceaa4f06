import timm
import open_clip
import torch

vit = timm.create_model("hf-hub:timm/vit_base_patch16_224.augreg2_in21k_ft_in1k", pretrained=True)
resnet = timm.create_model("resnet50", pretrained=True)
clip, _, preprocess = open_clip.create_model_and_transforms(
    "hf-hub:laion/CLIP-ViT-B-32-laion2B-s34B-b79K"
)
tok = open_clip.get_tokenizer("ViT-B-32")
bert = torch.hub.load("huggingface/pytorch-transformers", "model", "bert-base-cased")
vision = torch.hub.load("pytorch/vision", "resnet18", pretrained=True)
