"""Accuracy of `crm parse` on the Chinese corpus (tests/data/corpus/zh), train and the frozen test split.

    python bench/corpus_eval_zh.py [--show N]

A scratch SQLite database holds tests/data/corpus/customers.csv and zh/customers_zh.csv (Chinese customers, most with
an English name); each split goes through `crm parse --now 2026-11-25T10:00:00 --jsonl` and is graded by
crm_core.nlp.grading. The parser is rules (nothing trained), so train needs no cross-validation. `--show N` prints
N failures of train; test.jsonl and test_admin.jsonl (team admin, split by split_admin.py) are frozen and read only
as scores, their failures never printed.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from crm_core.nlp.grading import grade

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_eval import parse_all, print_failures, print_report, read_jsonl
from parser_eval import scratch_database

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus"
ZH = CORPUS / "zh"


def customers_csv(folder: str) -> Path:
    """The English corpus's customers and the Chinese ones in one file."""
    english = (CORPUS / "customers.csv").read_text(encoding="utf-8").rstrip("\n").splitlines()
    chinese = (ZH / "customers_zh.csv").read_text(encoding="utf-8").rstrip("\n").splitlines()[1:]
    path = Path(folder) / "customers.csv"
    path.write_text("\n".join(english + chinese) + "\n", encoding="utf-8")
    return path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=0, help="failures of the train split to print")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = scratch_database(folder, customers_csv(folder))
        reports = {}
        for split in ("train", "test", "test_admin"):
            labels = read_jsonl(ZH / f"{split}.jsonl")
            reports[split] = grade(labels, parse_all([row["text"] for row in labels], env))
    for split, report in reports.items():
        print_report(f"zh {split}", report)
    if args.show:
        print(f"== zh train failures (first {args.show} of {len(reports['train'].failures)})")
        print_failures(reports["train"], args.show)
    for split, report in reports.items():
        total = report.total
        print(f"zh {split}: intent_acc={total.intent_acc:.3f} frame_acc={total.frame_acc:.3f} n={total.n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
