from transformers import pipeline
from diffusers import DiffusionPipeline, StableDiffusionXLPipeline, StableDiffusionPipeline
import torch

classifier = pipeline("sentiment-analysis", model="distilbert/distilbert-base-uncased-finetuned-sst-2-english")
ner = pipeline("ner", "dslim/bert-base-NER")
asr = pipeline(task="automatic-speech-recognition", model="openai/whisper-large-v3")
summarizer = pipeline("summarization")  # default model, nothing named
qa = pipeline("question-answering", model="deepset/roberta-base-squad2",
              tokenizer="deepset/roberta-base-squad2")

pipe = DiffusionPipeline.from_pretrained("stabilityai/stable-diffusion-xl-base-1.0",
                                         torch_dtype=torch.float16, variant="fp16")
pipe.load_lora_weights("nerijs/pixel-art-xl", weight_name="pixel-art-xl.safetensors")
sd = StableDiffusionPipeline.from_single_file(
    "https://huggingface.co/runwayml/stable-diffusion-v1-5/blob/main/v1-5-pruned-emaonly.safetensors"
)
refiner = StableDiffusionXLPipeline.from_pretrained(
    "stabilityai/stable-diffusion-xl-refiner-1.0", use_safetensors=True
)

from sklearn.pipeline import make_pipeline, Pipeline
clf = make_pipeline("scaler", "svm")
p = Pipeline([("scale", None)])
