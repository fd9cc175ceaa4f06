import { HfInference } from "@huggingface/inference";

const hf = new HfInference(process.env.HF_TOKEN);
const out = await hf.textGeneration({
  model: "bigcode/starcoder",
  inputs: "def hello():",
});
const img = await hf.textToImage({ model: 'black-forest-labs/FLUX.1-dev', inputs: prompt });
const chat = await openai.chat.completions.create({ model: "gpt-4o-mini", messages });
const config = { "modelId": "Qwen/Qwen2.5-Coder-7B-Instruct" };
