import { pipeline, AutoTokenizer, env } from '@huggingface/transformers';

// We used to use 'Xenova/bert-base-NER' here, see history.
const classifier = await pipeline('sentiment-analysis', 'Xenova/distilbert-base-uncased-finetuned-sst-2-english');
const tokenizer = await AutoTokenizer.from_pretrained("Xenova/gpt-4o");
const re = /Xenova\/fake-model/g;
const extractor = await pipeline(
  'feature-extraction',
  'mixedbread-ai/mxbai-embed-xsmall-v1',
  { dtype: 'q8' },
);
const modelName = `Xenova/${size}`;
const url = `https://huggingface.co/${org}/${repo}`;
const MODEL_ID = "onnx-community/whisper-tiny.en";
const transcriber = await pipeline('automatic-speech-recognition', MODEL_ID);
