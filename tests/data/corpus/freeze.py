"""Split a file of new labelled utterances once into train and a frozen test split (the split_*.py scripts).

The utterances were written first, before any rule was tuned on them. Lines whose text the corpus already has are
dropped; 25% of each intent go to the test split, by sentence (customer names and numbers masked, as split_new.py
does), with a fixed seed; the rest are appended to train.jsonl; a .sha256 freezes the test split (test_corpus.py
checks it) and the source file is removed, so the test lines live only there. A second run refuses.
"""
from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from split import split, write  # noqa: E402
from split_new import read, sentence_of  # noqa: E402

from crm_core.resolve import CustomerIndex, CustomerResolver  # noqa: E402


def freeze_split(source: str, test: str, seed: int, earlier: tuple[str, ...], what: str) -> int:
    """`source` (a .jsonl beside this file) -> train.jsonl and `test`.jsonl; `earlier`: the files already labelled."""
    if (HERE / f"{test}.jsonl").exists() or not (HERE / source).exists():
        print(f"{test}.jsonl exists: the {what} were split already (it is frozen)", file=sys.stderr)
        return 1
    known = {row["text"].strip().lower() for name in earlier for row in read(name)}
    fresh, seen = [], set()
    for row in read(source):
        key = row["text"].strip().lower()
        if key not in known and key not in seen:
            seen.add(key)
            fresh.append(row)
    with (HERE / "customers.csv").open(encoding="utf-8") as fh:
        resolver = CustomerResolver(CustomerIndex.from_names([row["name"] for row in csv.DictReader(fh)]))
    train, tested = split([{**row, "template": sentence_of(row["text"], resolver)} for row in fresh], seed=seed)
    write(HERE / f"{test}.jsonl", tested)
    with (HERE / "train.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in train))
    digest = hashlib.sha256((HERE / f"{test}.jsonl").read_bytes()).hexdigest()
    (HERE / f"{test}.sha256").write_text(f"{digest}  {test}.jsonl\n", encoding="utf-8")
    (HERE / source).unlink()
    print(f"{len(fresh)} new {what}: train +{len(train)}, {test} {len(tested)}; sha256 {digest}")
    return 0
