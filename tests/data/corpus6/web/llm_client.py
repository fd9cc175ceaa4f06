import anthropic
import litellm
from openai import AzureOpenAI

client = anthropic.Anthropic()
msg = client.messages.create(model="claude-3-5-sonnet-latest", max_tokens=100, messages=[])
resp = litellm.completion(model="bedrock/anthropic.claude-3-haiku-20240307-v1:0", messages=[])
azure = AzureOpenAI(azure_deployment="gpt-4o-prod")
resp2 = litellm.completion(model="gemini/gemini-1.5-pro", messages=[])
resp3 = litellm.completion(model="together_ai/meta-llama/Llama-3-70b-chat-hf", messages=[])
