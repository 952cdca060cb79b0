"""Splits, once, the Chinese team-admin batch (admin_batch.py, written before any Chinese team-admin rule) into the
zh train split and a frozen `test_admin.jsonl`: a quarter of each intent's sentences (shuffled, fixed seed) to test,
the rest appended to train.jsonl (template "admin-N"). `test_admin.sha256` freezes it; run once, it refuses again.

    python tests/data/corpus/zh/split_admin.py
"""
from __future__ import annotations

import hashlib
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from admin_batch import R  # noqa: E402

SEED = 20261205
SHARE = 0.25


def main() -> int:
    if (HERE / "test_admin.jsonl").exists():
        print("test_admin.jsonl exists: the batch was split already (it is frozen)", file=sys.stderr)
        return 1
    rows = [{"text": text, "intent": intent, "slots": slots, "template": f"admin-{n}"}
            for n, (text, intent, slots) in enumerate(R)]
    by_intent: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_intent[row["intent"]].append(row)
    rng = random.Random(SEED)
    train, test = [], []
    for intent in sorted(by_intent):
        lines = list(by_intent[intent])
        rng.shuffle(lines)
        cut = round(SHARE * len(lines)) if len(lines) > 1 else 0
        test += lines[:cut]
        train += lines[cut:]
    dump = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in test)
    (HERE / "test_admin.jsonl").write_text(dump, encoding="utf-8")
    (HERE / "test_admin.sha256").write_text(hashlib.sha256(dump.encode()).hexdigest() + "  test_admin.jsonl\n")
    with (HERE / "train.jsonl").open("a", encoding="utf-8") as out:
        out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in train)
    print(f"train +{len(train)}, test_admin {len(test)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
