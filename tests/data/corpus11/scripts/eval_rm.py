import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

RM = "Skywork/Skywork-Reward-Llama-3.1-8B-v0.2"
CACHE = "/data/hf-cache"
BATCH = 8


def score(pairs):
    tok = AutoTokenizer.from_pretrained(RM, cache_dir=CACHE)
    rm = AutoModelForSequenceClassification.from_pretrained(RM, torch_dtype=torch.bfloat16)
    ckpt = torch.load("outputs/rm-head.pt")
    return tok, rm, ckpt
