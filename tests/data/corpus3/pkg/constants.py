"""Shared constants."""
DEFAULT_MODEL = "HuggingFaceH4/zephyr-7b-beta"
FALLBACK_MODELS = (
    "microsoft/Phi-3-mini-4k-instruct",
    "google/gemma-2-2b-it",
)
MAX_TOKENS = 512
GITHUB_REPO = "acme/model-service"
API = f"https://api.github.com/repos/{GITHUB_REPO}/releases"
BASE_IMAGE = "pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime"
