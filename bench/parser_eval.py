"""Accuracy of `crm parse` on the labelled dev set, graded by ../shared/eval/grade.py.

    python bench/parser_eval.py [--labels FILE] [--customers FILE] [--show N] [--min-intent X] [--min-frame Y]

Creates a scratch SQLite database, runs `crm db upgrade`, loads the eval customers, pipes the texts
through `crm parse --now 2026-11-25T10:00:00 --jsonl` and prints the grader's report (its last line is
`intent_acc=... frame_acc=... n=...`). Exits with the grader's status.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
NOW = "2026-11-25T10:00:00"


def scratch_database(folder: str, customers_csv: Path) -> dict[str, str]:
    """A migrated SQLite database holding the customers of `customers_csv`; the environment that names it."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/eval.db"}
    subprocess.run(["crm", "db", "upgrade"], env=env, check=True, stdout=subprocess.DEVNULL)
    load_customers(env["DATABASE_URL"], customers_csv)
    return env


def load_customers(url: str, customers_csv: Path) -> int:
    from crm_core import db
    from crm_core.models import Customer
    from crm_core.names import normalize_name

    database = db.init(url)
    with customers_csv.open(encoding="utf-8") as fh:
        rows = [{"name": r["name"], "name_norm": normalize_name(r["name"]), "email": r.get("email") or None,
                 "phone": r.get("phone") or None, "city": r.get("city") or None} for r in csv.DictReader(fh)]
    with database.connection_context(), database.atomic():
        Customer.insert_many(rows).execute()
    database.close()
    return len(rows)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", type=Path, default=EVAL_DIR / "commands_dev.jsonl")
    ap.add_argument("--customers", type=Path, default=EVAL_DIR / "customers.csv")
    ap.add_argument("--show", type=int, default=20)
    ap.add_argument("--min-intent", type=float, default=0.0)
    ap.add_argument("--min-frame", type=float, default=0.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = scratch_database(folder, args.customers)
        with args.labels.open(encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for line in fh if line.strip()]
        lines = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
        parsed = subprocess.run(["crm", "parse", "--now", NOW, "--jsonl"], input=lines, env=env, text=True,
                                capture_output=True, check=True)
        predictions = Path(folder) / "predictions.jsonl"
        predictions.write_text(parsed.stdout, encoding="utf-8")
        graded = subprocess.run([sys.executable, str(EVAL_DIR / "grade.py"), str(args.labels), str(predictions),
                                 "--show", str(args.show), "--min-intent", str(args.min_intent),
                                 "--min-frame", str(args.min_frame)], text=True)
        return graded.returncode


if __name__ == "__main__":
    sys.exit(main())
