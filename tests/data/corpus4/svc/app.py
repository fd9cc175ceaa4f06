import os

from fastapi import FastAPI
from huggingface_hub import snapshot_download
from sagemaker.huggingface import HuggingFaceModel

os.environ.setdefault("HF_MODEL", "facebook/bart-large-mnli")
ORG = "BAAI"
NAME = "bge-m3"
CONFIG = {
    "models": {
        "chat": "microsoft/Phi-3.5-mini-instruct",
        "embed": "BAAI/bge-small-en-v1.5",
    },
    "timeout": 30,
}
app = FastAPI()
weights = snapshot_download(repo_id=f"{ORG}/{NAME}")
deployed = HuggingFaceModel(env={"HF_MODEL_ID": "distilbert/distilbert-base-cased", "HF_TASK": "fill-mask"},
                            role="arn:aws:iam::123:role/x", transformers_version="4.37")
token_env = os.environ["HF_TOKEN"]
