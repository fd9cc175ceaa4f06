import sys

import typer
from pydantic import BaseModel, Field
from transformers import AutoProcessor, WhisperForConditionalGeneration

app = typer.Typer()


class Job(BaseModel):
    asr_model: str = Field("openai/whisper-small", description="speech model")
    language: str = "en"


@app.command()
def main(model: str = typer.Option("openai/whisper-tiny", help="model id"),
         audio: str = typer.Argument(...)):
    processor = AutoProcessor.from_pretrained(model)
    net = WhisperForConditionalGeneration.from_pretrained(model)
    return processor, net


MODEL = sys.argv[1] if len(sys.argv) > 1 else "distil-whisper/distil-large-v3"
