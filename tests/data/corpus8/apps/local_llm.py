from mlx_lm import generate, load
import outlines
from faster_whisper import WhisperModel
from fastembed import TextEmbedding
from llama_index.core import Settings
from llama_index.embeddings.huggingface import HuggingFaceEmbedding
from haystack.components.generators import HuggingFaceAPIGenerator
import json
import torch

model, tokenizer = load("mlx-community/Mistral-7B-Instruct-v0.3-4bit")
structured = outlines.models.transformers("microsoft/Phi-3-mini-4k-instruct")
asr = WhisperModel("Systran/faster-whisper-small", device="cpu")
local_asr = WhisperModel("large-v3")
embedder = TextEmbedding("BAAI/bge-small-en-v1.5")
Settings.embed_model = HuggingFaceEmbedding(model_name="BAAI/bge-base-en-v1.5")
gen = HuggingFaceAPIGenerator(api_type="serverless_inference_api",
                              api_params={"model": "HuggingFaceH4/zephyr-7b-beta"})
state = torch.load("weights/ckpt-7b.pt")
cfg = json.load(open("configs/run-13b.json"))
