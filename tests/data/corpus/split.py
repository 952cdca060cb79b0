"""Splits all.jsonl once into train.jsonl and test.jsonl (25% of each intent to test, fixed seed).

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
    by_intent: dict[str, list[int]] = defaultdict(list)
    for k, row in enumerate(rows):
        by_intent[row["intent"]].append(k)
    rng = random.Random(seed)
    test_ids: set[int] = set()
    for intent in sorted(by_intent):
        ids = by_intent[intent]
        test_ids.update(rng.sample(ids, round(len(ids) * TEST_SHARE)))
    train = [row for k, row in enumerate(rows) if k not in test_ids]
    test = [row for k, row in enumerate(rows) if k in test_ids]
    return train, test


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
