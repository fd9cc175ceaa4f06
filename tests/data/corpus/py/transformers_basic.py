"""Fine-tuning script in the style of the transformers examples."""
import torch
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer, BitsAndBytesConfig

tokenizer = AutoTokenizer.from_pretrained("meta-llama/Llama-2-7b-hf", use_fast=True)
model = AutoModelForCausalLM.from_pretrained(
    "meta-llama/Llama-2-7b-hf",
    revision="0ede8dd71e923db6258295621d817ca8714516d4",
    torch_dtype=torch.float16,
)
config = AutoConfig.from_pretrained(pretrained_model_name_or_path="bert-base-uncased")
remote = AutoModelForCausalLM.from_pretrained("microsoft/phi-2", trust_remote_code=True)
legacy = AutoModelForCausalLM.from_pretrained("gpt2")

# Loading our own checkpoints: none of these are Hub models.
ft = AutoModelForCausalLM.from_pretrained("./outputs/checkpoint-500")
ft2 = AutoModelForCausalLM.from_pretrained("outputs/final")
ft3 = AutoModelForCausalLM.from_pretrained("/mnt/models/llama")
model.save_pretrained("my-finetuned-model")
again = AutoModelForCausalLM.from_pretrained("my-finetuned-model")
ckpt_dir = "runs/exp1/checkpoint-1000"
resumed = AutoModelForCausalLM.from_pretrained(ckpt_dir)
bnb = BitsAndBytesConfig(load_in_4bit=True)
