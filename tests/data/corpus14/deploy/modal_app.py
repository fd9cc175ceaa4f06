import modal

MODEL_DIR = "/model"
MODEL_NAME = "BAAI/bge-reranker-v2-m3"


def download_model():
    from huggingface_hub import snapshot_download
    snapshot_download(repo_id=MODEL_NAME, local_dir=MODEL_DIR)


image = modal.Image.debian_slim().pip_install("huggingface_hub").run_function(download_model)
app = modal.App("reranker", image=image)
