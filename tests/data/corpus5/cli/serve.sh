#!/usr/bin/env bash
python -m sglang.launch_server --model-path meta-llama/Llama-3.1-8B-Instruct --port 30000
mlx_lm.generate --model mlx-community/Mistral-7B-Instruct-v0.3-4bit --prompt "hi"
ct2-transformers-converter --model openai/whisper-large-v3 --output_dir whisper-ct2
optimum-cli export onnx --model distilbert-base-uncased-finetuned-sst-2-english onnx/
git clone https://huggingface.co/Qwen/Qwen2.5-Coder-1.5B
pip install git+https://github.com/huggingface/transformers
docker run ghcr.io/huggingface/text-generation-inference:latest
