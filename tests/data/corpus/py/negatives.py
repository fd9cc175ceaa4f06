"""Strings that look like model ids but are not."""
import json
import mimetypes

from datasets import load_dataset
import requests

squad = load_dataset("rajpurkar/squad")
c4 = load_dataset("allenai/c4", "en", streaming=True)
dataset_name = "HuggingFaceFW/fineweb"
REPO = "pytorch/pytorch"  # GitHub
url = "https://github.com/huggingface/transformers/blob/main/README.md"
image = "nvidia/cuda:12.1.0-devel-ubuntu22.04"
headers = {"Content-Type": "application/json", "Accept": "text/plain"}
ratio = "3/4"
path = "data/train.jsonl"
tmpl = "{org}/{name}"
model_template = "${ORG}/${MODEL}"
response = requests.post("https://api.openai.com/v1/chat/completions",
                         json={"model": "gpt-4-turbo", "messages": []})
claude = {"model": "claude-3-5-sonnet-20240620"}
action = "actions/checkout@v4"
print("Loading meta-llama/Llama-2-7b-hf in the next release")
