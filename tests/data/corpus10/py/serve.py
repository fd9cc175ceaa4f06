from ray import serve
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

ORG = "facebook"
MODEL_MAP = {
    "small": ("EleutherAI/gpt-neo-125m", 512),
    "large": ("EleutherAI/gpt-j-6b", 2048),
}


@serve.deployment(num_replicas=2)
class Generator:
    def __init__(self, model_id: str = "tiiuae/falcon-7b-instruct", size: str = "small"):
        self.tok = AutoTokenizer.from_pretrained(model_id)
        self.lm = AutoModelForCausalLM.from_pretrained(MODEL_MAP[size][0])
        self.summarizer = pipeline(task="summarization", model=f"{ORG}/bart-large-cnn")
