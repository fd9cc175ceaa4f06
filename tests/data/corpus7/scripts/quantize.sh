#!/usr/bin/env bash
set -e
BASE=${1:-"Qwen/Qwen2.5-7B-Instruct"}
python convert_hf_to_gguf.py "$BASE" --outfile model-f16.gguf
./llama-quantize model-f16.gguf model-q4_k_m.gguf Q4_K_M
huggingface-cli upload acme/qwen2.5-7b-gguf model-q4_k_m.gguf
aws s3 cp model-q4_k_m.gguf s3://acme-models/qwen/
