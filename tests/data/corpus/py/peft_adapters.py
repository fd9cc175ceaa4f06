from peft import PeftModel, AutoPeftModelForCausalLM
from transformers import AutoModelForCausalLM

BASE = "mistralai/Mistral-7B-v0.1"
ADAPTER = "ybelkada/opt-350m-lora"
base = AutoModelForCausalLM.from_pretrained(BASE)
model = PeftModel.from_pretrained(base, ADAPTER)
model2 = AutoPeftModelForCausalLM.from_pretrained("smangrul/tinyllama_lora_norobots")
model.load_adapter("tloen/alpaca-lora-7b", adapter_name="alpaca")
