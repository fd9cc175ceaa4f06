import gradio as gr
from auto_gptq import AutoGPTQForCausalLM
from awq import AutoAWQForCausalLM
from llama_cpp import Llama

gptq = AutoGPTQForCausalLM.from_quantized("TheBloke/Llama-2-7B-Chat-GPTQ", device="cuda:0")
awq = AutoAWQForCausalLM.from_quantized("TheBloke/Mistral-7B-Instruct-v0.2-AWQ", fuse_layers=True)
gguf = Llama.from_pretrained(repo_id="bartowski/Llama-3.2-1B-Instruct-GGUF", filename="*Q4_K_M.gguf")
demo = gr.load("models/stabilityai/stable-diffusion-xl-base-1.0")
space = gr.load("spaces/gradio/calculator")
