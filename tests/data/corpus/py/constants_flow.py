import argparse
import os
from dataclasses import dataclass, field

from transformers import AutoModel, AutoTokenizer, HfArgumentParser

ORG = "google"
NAME = "flan-t5-base"
FLAN = f"{ORG}/{NAME}"
T5 = "google/" + "t5-v1_1-small"
MODELS = {
    "small": "EleutherAI/pythia-160m",
    "large": "EleutherAI/pythia-1.4b",
}
CANDIDATES = ["facebook/opt-125m", "facebook/opt-350m"]
MODEL_NAME = os.environ.get("MODEL_NAME", "tiiuae/falcon-7b")
embedding_model = os.getenv("EMBEDDING_MODEL", "intfloat/e5-large-v2")


@dataclass
class ModelArguments:
    model_name_or_path: str = field(default="roberta-base", metadata={"help": "model"})
    tokenizer_name: str = "allenai/longformer-base-4096"


class Encoder:
    checkpoint = "microsoft/deberta-v3-base"

    def __init__(self, model_id: str = "google/electra-small-discriminator"):
        self.model = AutoModel.from_pretrained(model_id)
        self.tok = AutoTokenizer.from_pretrained(self.checkpoint)


def load(size: str):
    return AutoModel.from_pretrained(MODELS[size])


for candidate in CANDIDATES:
    AutoModel.from_pretrained(candidate)

flan = AutoModel.from_pretrained(FLAN)
t5 = AutoModel.from_pretrained(T5)

parser = argparse.ArgumentParser()
parser.add_argument("--model_name", default="bigscience/bloom-560m", help="model to load")
parser.add_argument("--output_dir", default="results")
parser.add_argument("--seed", type=int, default=42)
args = parser.parse_args()
model = AutoModel.from_pretrained(args.model_name)
user_model = AutoModel.from_pretrained(f"{args.model_name}-finetuned")
