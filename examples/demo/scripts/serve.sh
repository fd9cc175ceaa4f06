#!/usr/bin/env bash
set -euo pipefail
huggingface-cli download facebook/musicgen-small --local-dir /models/musicgen
vllm serve "$(cat /etc/model-name)" --port 8000
