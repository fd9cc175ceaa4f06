import argparse
import os

import evaluate
import wandb
from datasets import load_dataset
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, Trainer,
                          TrainingArguments)


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--backbone", default="microsoft/deberta-v3-small")
    p.add_argument("--dataset", default="SetFit/emotion")
    p.add_argument("--out", default="runs/emotion")
    return p.parse_args()


def main():
    args = parse()
    ds = load_dataset(args.dataset)
    tok = AutoTokenizer.from_pretrained(args.backbone)
    model = AutoModelForSequenceClassification.from_pretrained(args.backbone, num_labels=6)
    metric = evaluate.load("accuracy")
    wandb.init(project="emotion", config={"model": args.backbone})
    trainer = Trainer(model=model, args=TrainingArguments(args.out, report_to="wandb"))
    trainer.train()
    trainer.push_to_hub("acme/deberta-emotion")
    judge = AutoModelForSequenceClassification.from_pretrained(
        os.environ.get("JUDGE", "cardiffnlp/twitter-roberta-base-emotion")
    )
    return judge
