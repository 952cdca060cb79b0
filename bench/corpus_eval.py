"""Accuracy of `crm parse` on the labelled chat corpus (tests/data/corpus), per split and per intent.

    python bench/corpus_eval.py [--show N]

Creates a scratch SQLite database holding tests/data/corpus/customers.csv, pipes each split through
`crm parse --now 2026-11-25T10:00:00 --jsonl` and grades it with crm_core.nlp.grading. Prints, per split,
intent accuracy, frame accuracy, n and a per-intent table. `--show N` prints N failures of the train split;
the test splits (test.jsonl, and test_new.jsonl of the lines appended later) are frozen and read only as scores,
so their failures are never printed.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from crm_core.nlp.grading import Report, grade

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parser_eval import NOW, scratch_database

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus"
SPLITS = ("train", "test", "test_new", "test_deal_ticket_questions", "test_day_reports")  # test_new: split_new.py; the deal and
# ticket questions of issue 14: split_questions.py; its customer, my-day and report questions: split_reports.py
# (all frozen)
SPLITS += ("test_edits",)  # issue 15's deal, activity and ticket edits: split_edits.py (frozen)
SPLITS += ("test_admin",)  # issue 15's team admin: split_admin.py (frozen)
SPLITS += ("test_reminders",)  # issue 15's reminder changes: split_reminders.py (frozen)
SPLITS += ("test_money",)  # issue 15's money in currencies: split_money.py (frozen)
SPLITS += ("test_analytics",)  # "rescore now" and the segment reports: split_analytics.py (frozen)
SPLITS += ("test_understanding",)  # issue 12's narratives, digest/alert/outreach phrasings, chatter: split_understanding.py
SPLITS += ("test_frames",)  # issue 12's third batch: narratives, tickets, moves, questions mixed in: split_frames.py
SPLITS += ("test_words",)  # issue 12's fourth batch: admin, chatter naming customers, my day, reports: split_words.py
SPLITS += ("test_varied",)  # issue 12's fifth batch: every intent as reps type them: split_varied.py


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def parse_all(texts: list[str], env: dict[str, str]) -> list[dict]:
    lines = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    parsed = subprocess.run(["crm", "parse", "--now", NOW, "--jsonl"], input=lines, env=env, text=True,
                            capture_output=True, check=True)
    return [json.loads(line) for line in parsed.stdout.splitlines() if line.strip()]


def print_report(split: str, report: Report) -> None:
    total = report.total
    print(f"== {split}: intent_acc={total.intent_acc:.3f} frame_acc={total.frame_acc:.3f} n={total.n}")
    print(f"   {'intent':<20} {'n':>5} {'intent':>7} {'frame':>7}")
    for intent, tally in sorted(report.by_intent.items(), key=lambda item: (-item[1].n, item[0])):
        print(f"   {intent:<20} {tally.n:>5} {tally.intent_acc:>7.3f} {tally.frame_acc:>7.3f}")


def print_failures(report: Report, count: int) -> None:
    for failure in report.failures[:count]:
        print(f"- [{failure.intent}] {failure.text!r}: " + "; ".join(failure.wrong))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=0, help="failures of the train split to print")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = scratch_database(folder, CORPUS / "customers.csv")
        parsed = {}
        for split in SPLITS:
            if (CORPUS / f"{split}.jsonl").exists():
                labels = read_jsonl(CORPUS / f"{split}.jsonl")
                parsed[split] = (labels, parse_all([row["text"] for row in labels], env))
    if "test_new" in parsed:
        parsed["both test splits"] = tuple(parsed["test"][k] + parsed["test_new"][k] for k in (0, 1))
    if "test_deal_ticket_questions" in parsed:
        parsed["all test splits"] = tuple(sum((parsed[s][k] for s in SPLITS[1:] if s in parsed), []) for k in (0, 1))
    reports = {split: grade(labels, predicted) for split, (labels, predicted) in parsed.items()}
    for split in reports:
        print_report(split, reports[split])
    if args.show:
        print(f"== train failures (first {args.show} of {len(reports['train'].failures)})")
        print_failures(reports["train"], args.show)
    for split in reports:
        total = reports[split].total
        print(f"{split}: intent_acc={total.intent_acc:.3f} frame_acc={total.frame_acc:.3f} n={total.n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
