from dataclasses import dataclass, field
from typing import Optional

from datasets import load_dataset
from peft import LoraConfig
from transformers import AutoModelForCausalLM, AutoTokenizer, HfArgumentParser
from trl import SFTConfig, SFTTrainer


@dataclass
class ScriptArguments:
    model_name: Optional[str] = field(default="meta-llama/Llama-3.2-1B-Instruct",
                                      metadata={"help": "the model name"})
    dataset_name: Optional[str] = field(default="trl-lib/Capybara",
                                        metadata={"help": "the dataset name"})
    output_dir: str = field(default="sft-out")


args = HfArgumentParser(ScriptArguments).parse_args_into_dataclasses()[0]
dataset = load_dataset(args.dataset_name, split="train")
tokenizer = AutoTokenizer.from_pretrained(args.model_name)
model = AutoModelForCausalLM.from_pretrained(args.model_name, attn_implementation="sdpa")
trainer = SFTTrainer(
    model=model,
    args=SFTConfig(output_dir=args.output_dir, push_to_hub=True, hub_model_id="acme/llama-capybara"),
    train_dataset=dataset,
    peft_config=LoraConfig(r=16, lora_alpha=32),
)
trainer.train()
trainer.save_model(args.output_dir)
