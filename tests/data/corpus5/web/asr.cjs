const { pipeline } = require('@xenova/transformers');

async function transcribe(url) {
  const asr = await pipeline('automatic-speech-recognition', 'Xenova/whisper-tiny.en');
  return asr(url);
}
module.exports = { transcribe };
