from cog import BasePredictor, Input
from diffusers import FluxPipeline

WEIGHTS = "black-forest-labs/FLUX.1-schnell"


class Predictor(BasePredictor):
    def setup(self):
        self.pipe = FluxPipeline.from_pretrained(WEIGHTS)

    def predict(self, prompt: str = Input(description="prompt")):
        return self.pipe(prompt).images[0]
