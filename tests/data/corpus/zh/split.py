"""Splits, once, the Chinese corpus (`all.jsonl`, made by build.py) into train.jsonl and the frozen test.jsonl.

By sentence: the fillings of one written sentence go to the same side, so the test split holds phrasings no rule
was tuned on. For each intent its sentences are shuffled (fixed seed) and go to test until a quarter of that
intent's lines are there. `test.sha256` freezes the test split (a test checks it); run once, it refuses again.

    python tests/data/corpus/zh/split.py
"""
from __future__ import annotations

import hashlib
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261204
SHARE = 0.25


def main() -> int:
    if (HERE / "test.jsonl").exists():
        print("test.jsonl exists: the Chinese corpus was split already (it is frozen)", file=sys.stderr)
        return 1
    rows = [json.loads(line) for line in (HERE / "all.jsonl").read_text(encoding="utf-8").splitlines() if line]
    by_intent: dict[str, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_intent[row["intent"]][row["template"]].append(row)
    rng = random.Random(SEED)
    train, test = [], []
    for intent in sorted(by_intent):
        sentences = sorted(by_intent[intent])
        rng.shuffle(sentences)
        total, taken = sum(len(by_intent[intent][s]) for s in sentences), 0
        for sentence in sentences:
            lines = by_intent[intent][sentence]
            if taken < SHARE * total and len(sentences) > 1:
                test += lines
                taken += len(lines)
            else:
                train += lines
    for name, part in (("train", train), ("test", test)):
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part)
        (HERE / f"{name}.jsonl").write_text(text, encoding="utf-8")
    digest = hashlib.sha256((HERE / "test.jsonl").read_bytes()).hexdigest()
    (HERE / "test.sha256").write_text(f"{digest}  test.jsonl\n", encoding="utf-8")
    print(f"{len(rows)} utterances: train {len(train)}, test {len(test)}; sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
