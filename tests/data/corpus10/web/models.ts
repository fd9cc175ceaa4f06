import { HfInference } from "@huggingface/inference";
import { pipeline } from "@huggingface/transformers";

export const MODELS = {
  chat: "Qwen/Qwen2.5-72B-Instruct",
  embed: "BAAI/bge-m3",
} as const;
const FALLBACK_MODELS = ["mistralai/Mistral-Nemo-Instruct-2407", "google/gemma-2-9b-it"];

const hf = new HfInference(process.env.HF_TOKEN);

export async function chat(messages: any[]) {
  return hf.chatCompletion({ model: MODELS.chat, messages, max_tokens: 512 });
}

export async function summarize(text: string) {
  const r = await fetch("https://api-inference.huggingface.co/models/google/flan-t5-xxl", {
    method: "POST", body: JSON.stringify({ inputs: text }),
  });
  return r.json();
}

export const generator = await pipeline("text-generation", "onnx-community/Qwen2.5-0.5B-Instruct", { device: "webgpu" });
