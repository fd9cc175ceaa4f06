import os

from openai import OpenAI

client = OpenAI(base_url=os.getenv("VLLM_URL", "http://localhost:8000/v1"), api_key="EMPTY")
SERVED = os.getenv("SERVED_MODEL", "Qwen/Qwen2.5-14B-Instruct-AWQ")


def ask(question: str) -> str:
    resp = client.chat.completions.create(
        model=SERVED,
        messages=[{"role": "user", "content": question}],
        temperature=0.2,
    )
    return resp.choices[0].message.content


def fallback(question: str) -> str:
    cloud = OpenAI()
    return cloud.chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": question}]).choices[0].message.content
