import docker
from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from .constants import DEFAULT_MODEL

checkpoint_dir = "artifacts/best"


def load(name: str = DEFAULT_MODEL):
    tok = AutoTokenizer.from_pretrained(name)
    return tok, AutoModelForSequenceClassification.from_pretrained(checkpoint_dir)


def data():
    return load_dataset("stanfordnlp/imdb", split="test")


def image():
    return docker.from_env().images.pull("nvidia/cuda", tag="12.1.0-base-ubuntu22.04")
