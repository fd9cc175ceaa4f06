import { pipeline } from "@huggingface/transformers";

const MODEL = "Xenova/bge-small-en-v1.5";
const TASK = "feature-extraction";
let extractor;

export async function embed(text) {
  extractor ??= await pipeline(TASK, MODEL, { dtype: "fp32" });
  return extractor(text, { pooling: "mean", normalize: true });
}
