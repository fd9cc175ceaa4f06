from vllm import LLM, SamplingParams
from langchain_huggingface import HuggingFaceEmbeddings, HuggingFaceEndpoint, HuggingFacePipeline
from llama_index.embeddings.huggingface import HuggingFaceEmbedding
from llama_index.llms.huggingface import HuggingFaceLLM
from huggingface_hub import InferenceClient
from langchain_openai import ChatOpenAI

llm = LLM(model="meta-llama/Meta-Llama-3-8B-Instruct", tensor_parallel_size=2)
llm2 = LLM("Qwen/Qwen2-1.5B-Instruct")
params = SamplingParams(temperature=0.8)
emb = HuggingFaceEmbeddings(model_name="sentence-transformers/all-mpnet-base-v2")
endpoint = HuggingFaceEndpoint(repo_id="HuggingFaceH4/zephyr-7b-beta", max_new_tokens=512)
hfp = HuggingFacePipeline.from_model_id(model_id="gpt2", task="text-generation")
li_emb = HuggingFaceEmbedding(model_name="BAAI/bge-small-en-v1.5")
li_llm = HuggingFaceLLM(model_name="HuggingFaceH4/zephyr-7b-alpha",
                        tokenizer_name="HuggingFaceH4/zephyr-7b-alpha")
client = InferenceClient("mistralai/Mixtral-8x7B-Instruct-v0.1")
chat = ChatOpenAI(model="gpt-4o-mini", temperature=0)
other = ChatOpenAI(model="openai/gpt-4o")
