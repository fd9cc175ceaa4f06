#!/usr/bin/env bash
set -euo pipefail
MODEL_ID=${MODEL_ID:-"mistralai/Mistral-7B-Instruct-v0.3"}
export BASE_MODEL="meta-llama/Llama-3.2-1B"
vllm serve Qwen/Qwen2.5-7B-Instruct --max-model-len 8192 --served-model-name chat
python -m vllm.entrypoints.openai.api_server --model deepseek-ai/deepseek-coder-6.7b-instruct
python train.py \
  --model_name_or_path \
    facebook/opt-1.3b \
  --dataset_name wikitext \
  --output_dir /tmp/out
huggingface-cli download bigscience/bloom-560m --include "*.safetensors"
huggingface-cli download HuggingFaceH4/no_robots --repo-type dataset
hf download unsloth/Llama-3.2-3B-Instruct-GGUF
text-generation-launcher --model-id tiiuae/falcon-40b-instruct --port 8080
python infer.py --model "${MODEL_ID}" --tokenizer ${TOKENIZER}
python chat.py --model gpt-4o
llama-server -hf ggml-org/gemma-3-1b-it-GGUF
