from sentence_transformers import SentenceTransformer, CrossEncoder

embedder = SentenceTransformer("all-MiniLM-L6-v2")
multi = SentenceTransformer("sentence-transformers/paraphrase-multilingual-mpnet-base-v2")
bge = SentenceTransformer(model_name_or_path="BAAI/bge-large-en-v1.5", device="cpu")
reranker = CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2", max_length=512)
local = SentenceTransformer("models/my-embedder")
