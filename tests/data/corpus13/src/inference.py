import torch
from diffusers import StableDiffusionPipeline
from transformers import (AutoModelForCausalLM, AutoModelForImageClassification, AutoProcessor,
                          AutoTokenizer, BitsAndBytesConfig, pipeline)

model_id = "meta-llama/Meta-Llama-3-8B-Instruct"
tokenizer = AutoTokenizer.from_pretrained(model_id)
model = AutoModelForCausalLM.from_pretrained(
    model_id,
    quantization_config=BitsAndBytesConfig(load_in_4bit=True),
    device_map="auto",
)

classifier = pipeline("zero-shot-classification", model="facebook/bart-large-mnli")
translator = pipeline("translation_en_to_fr", model="Helsinki-NLP/opus-mt-en-fr")
processor = AutoProcessor.from_pretrained("google/vit-base-patch16-224")
vision = AutoModelForImageClassification.from_pretrained("google/vit-base-patch16-224")
sd = StableDiffusionPipeline.from_pretrained("runwayml/stable-diffusion-v1-5", torch_dtype=torch.float16)
ner = pipeline("ner", model="dbmdz/bert-large-cased-finetuned-conll03-english", aggregation_strategy="simple")
