import gradio as gr
import torch
from diffusers import AutoPipelineForText2Image
from transformers import BlipForConditionalGeneration, BlipProcessor

device = "cuda" if torch.cuda.is_available() else "cpu"
CAPTION_CKPT = "Salesforce/blip-image-captioning-large"
processor = BlipProcessor.from_pretrained(CAPTION_CKPT)
captioner = BlipForConditionalGeneration.from_pretrained(CAPTION_CKPT).to(device)
t2i = AutoPipelineForText2Image.from_pretrained(
    "stabilityai/sdxl-turbo", torch_dtype=torch.float16, variant="fp16"
).to(device)


def caption(image):
    inputs = processor(image, return_tensors="pt").to(device)
    return processor.decode(captioner.generate(**inputs)[0], skip_special_tokens=True)


demo = gr.Interface(fn=caption, inputs=gr.Image(type="pil"), outputs="text",
                    title="Captioning with BLIP")
demo.launch()
