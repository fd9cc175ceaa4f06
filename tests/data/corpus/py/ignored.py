from transformers import AutoModel

a = AutoModel.from_pretrained("EleutherAI/gpt-j-6b")  # modeldeps: ignore
b = AutoModel.from_pretrained("EleutherAI/gpt-neo-125m")  # modeldeps: ignore[license-denied]
c = AutoModel.from_pretrained("EleutherAI/gpt-neox-20b")
