"""Retrieval-augmented chat service."""
from functools import lru_cache

from langchain_community.vectorstores import FAISS
from langchain_huggingface import HuggingFaceEmbeddings, HuggingFacePipeline
from pydantic_settings import BaseSettings
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer, pipeline


class Settings(BaseSettings):
    embedding_model: str = "BAAI/bge-base-en-v1.5"
    reranker_model: str = "BAAI/bge-reranker-base"
    llm_repo: str = "google/flan-t5-large"
    index_path: str = "data/index"
    top_k: int = 4


settings = Settings()


@lru_cache
def embeddings() -> HuggingFaceEmbeddings:
    return HuggingFaceEmbeddings(model_name=settings.embedding_model,
                                 encode_kwargs={"normalize_embeddings": True})


def llm():
    tok = AutoTokenizer.from_pretrained(settings.llm_repo)
    model = AutoModelForSeq2SeqLM.from_pretrained(settings.llm_repo)
    pipe = pipeline("text2text-generation", model=model, tokenizer=tok, max_new_tokens=256)
    return HuggingFacePipeline(pipeline=pipe)


def index():
    return FAISS.load_local(settings.index_path, embeddings(), allow_dangerous_deserialization=True)
