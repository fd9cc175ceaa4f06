from huggingface_hub import HfApi, hf_hub_download, snapshot_download

path = hf_hub_download(repo_id="TheBloke/Mistral-7B-Instruct-v0.2-GGUF",
                       filename="mistral-7b-instruct-v0.2.Q4_K_M.gguf")
weights = hf_hub_download("lllyasviel/ControlNet", "models/control_sd15_canny.pth")
snapshot_download("Qwen/Qwen2.5-0.5B-Instruct", revision="v1.0", allow_patterns=["*.json"])
data = snapshot_download(repo_id="HuggingFaceH4/ultrachat_200k", repo_type="dataset")
space = hf_hub_download("gradio/hello_world", "app.py", repo_type="space")
info = HfApi().model_info("google-bert/bert-base-cased")
api = HfApi()
api.upload_folder(folder_path="out", repo_id="my-org/my-new-model")
api.create_repo("my-org/another-new-model")
