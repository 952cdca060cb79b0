"""Splits, once, the lines appended to train.jsonl after the first split into train and a second frozen test split.

The first split (split.py) froze test.jsonl; later sessions wrote more labelled lines at the end of train.jsonl. So
that the test share stays a quarter and new phrasings are measured too, those lines are split the same way: 25% of
each intent to test_new.jsonl, by sentence (the words with customer names and numbers masked), fixed seed. Lines
whose text is already in all.jsonl or earlier in train.jsonl are dropped first.

    python tests/data/corpus/split_new.py

Run once: test_new.jsonl is frozen afterwards (test_new.sha256; a test checks it). Lines appended later stay in train.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from split import split, write  # noqa: E402

from crm_core.resolve import CustomerIndex, CustomerResolver  # noqa: E402

_WORD = re.compile(r"[\w'’]+|[^\w\s]")


def read(name: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def sentence_of(text: str, resolver: CustomerResolver) -> str:
    """The sentence a line was written from: customer-name words as {c}, digits as 0."""
    out = []
    for word in _WORD.findall(text.lower()):
        masked = "{c}" if word.isalpha() and resolver.is_name_word(word) else re.sub(r"\d", "0", word)
        if not (masked == "{c}" and out and out[-1] == "{c}"):
            out.append(masked)
    return " ".join(out)


def main() -> int:
    if (HERE / "test_new.jsonl").exists():
        print("test_new.jsonl exists: the appended lines were split already (it is frozen)", file=sys.stderr)
        return 1
    first = {row["text"].strip().lower() for row in read("all.jsonl")}
    tested = {row["text"].strip().lower() for row in read("test.jsonl")}
    built, appended, seen = [], [], set()
    for row in read("train.jsonl"):
        key = row["text"].strip().lower()
        if key in seen or key in tested:
            continue  # a line written twice, or one the frozen test split already has
        seen.add(key)
        (built if key in first else appended).append(row)
    with (HERE / "customers.csv").open(encoding="utf-8") as fh:
        resolver = CustomerResolver(CustomerIndex.from_names([row["name"] for row in csv.DictReader(fh)]))
    rows = [{**row, "template": sentence_of(row["text"], resolver)} for row in appended]
    train_new, test_new = split(rows)
    write(HERE / "train.jsonl", built + train_new)
    write(HERE / "test_new.jsonl", test_new)
    digest = hashlib.sha256((HERE / "test_new.jsonl").read_bytes()).hexdigest()
    (HERE / "test_new.sha256").write_text(f"{digest}  test_new.jsonl\n", encoding="utf-8")
    print(f"appended {len(appended)} distinct new lines: train {len(train_new)}, test_new {len(test_new)}; "
          f"train.jsonl {len(built) + len(train_new)} lines; test_new sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
