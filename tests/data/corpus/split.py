"""Splits all.jsonl once into train.jsonl and test.jsonl (25% of each intent to test, fixed seed).

The split is by hand-written sentence: all the fillings of one source sentence (its `template`) go to the same
side, so the test split holds phrasings that train has never seen, not the same sentence with another customer.

    python tests/data/corpus/split.py

Run once: test.jsonl is frozen afterwards (its sha256 is in test.sha256 and a test checks it).
"""
from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261204
TEST_SHARE = 0.25


def split(rows: list[dict], seed: int = SEED) -> tuple[list[dict], list[dict]]:
    groups: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))  # intent -> template -> rows
    for k, row in enumerate(rows):
        groups[row["intent"]][row["template"].lower()].append(k)
    rng = random.Random(seed)
    test_ids: set[int] = set()
    for intent in sorted(groups):
        by_template = groups[intent]
        wanted = round(sum(len(ids) for ids in by_template.values()) * TEST_SHARE)
        taken: list[int] = []
        for template in rng.sample(sorted(by_template), len(by_template)):
            if len(taken) >= wanted:
                break
            taken += by_template[template]
        test_ids.update(taken)
    train = [_labelled(row) for k, row in enumerate(rows) if k not in test_ids]
    test = [_labelled(row) for k, row in enumerate(rows) if k in test_ids]
    return train, test


def _labelled(row: dict) -> dict:
    """The line as LABELS.md has it: text, intent, slots (the template stays in all.jsonl)."""
    return {"text": row["text"], "intent": row["intent"], "slots": row["slots"]}


def write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def main() -> None:
    rows = [json.loads(line) for line in (HERE / "all.jsonl").read_text(encoding="utf-8").splitlines() if line]
    train, test = split(rows)
    write(HERE / "train.jsonl", train)
    write(HERE / "test.jsonl", test)
    digest = hashlib.sha256((HERE / "test.jsonl").read_bytes()).hexdigest()
    (HERE / "test.sha256").write_text(f"{digest}  test.jsonl\n", encoding="utf-8")
    print(f"train {len(train)}, test {len(test)}, test sha256 {digest}")


if __name__ == "__main__":
    main()
