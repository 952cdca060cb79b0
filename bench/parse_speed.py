"""Parser speed in CPU time on the train corpus (issue 12's target: >= 2,000 utterances per CPU-second), and the cold
start-up of `crm parse "hi"` (target <= 0.5 s).

    python bench/parse_speed.py [--passes 3] [--startups 10]

Each language's train split (tests/data/corpus/train.jsonl, tests/data/corpus/zh/train.jsonl) is parsed one
utterance at a time through crm_core.nlp_commands.parse with the resolver `crm parse` uses (a scratch SQLite database
of the corpus customers, one connection held as `--jsonl` holds it). After one warm-up pass, utterances per
CPU-second (time.process_time) over `--passes` passes: the steady state, without import or start-up. Then the
whole thing as the target says it, each train split piped once through one fresh `crm parse --jsonl` process:
utterances per wall-clock second and per CPU-second of that process, start-up and cold caches included.
bench/parser_speed.py measures the wall-clock `--jsonl` pipe over the shared dev set instead.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_eval import CORPUS, read_jsonl
from corpus_eval_zh import customers_csv
from parser_eval import NOW, scratch_database

LANGUAGES = {"en": (CORPUS / "train.jsonl", lambda folder: CORPUS / "customers.csv"),
             "zh": (CORPUS / "zh" / "train.jsonl", customers_csv)}


def bound_resolver(env: dict[str, str]):
    """The resolver `crm parse` builds for the database of `env` (settings re-read for it)."""
    from crm_core.cli.parse import database_resolver
    from crm_core.settings import get_settings

    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    get_settings.cache_clear()
    return database_resolver()


def cpu_rate(texts: list[str], resolver, passes: int) -> float:
    """Utterances per CPU-second over `passes` passes after a warm-up pass."""
    from crm_core.db import database
    from crm_core.nlp_commands import parse

    now = datetime.fromisoformat(NOW)
    with database.connection_context():
        for text in texts:
            parse(text, now, resolver)
        started = time.process_time()
        for _ in range(passes):
            for text in texts:
                parse(text, now, resolver)
        spent = time.process_time() - started
    return len(texts) * passes / spent


def cold_startups(env: dict[str, str], runs: int) -> list[float]:
    """Wall-clock seconds of whole `crm parse "hi"` processes."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(["crm", "parse", "--now", NOW, "hi"], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def one_process(texts: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one `crm parse --jsonl` process answering every text."""
    payload = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(["crm", "parse", "--now", NOW, "--jsonl"], input=payload, env=env, text=True,
                          capture_output=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if len(done.stdout.splitlines()) != len(texts):
        raise SystemExit("crm parse --jsonl did not answer every line")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--startups", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as root:
        for language, (labels, customers) in LANGUAGES.items():
            folder = Path(root) / language
            folder.mkdir()
            env = scratch_database(str(folder), customers(str(folder)))
            texts = [row["text"] for row in read_jsonl(labels)]
            rate = cpu_rate(texts, bound_resolver(env), args.passes)
            print(f"{language} train: {rate:,.0f} utterances per CPU-second (n={len(texts)}, {args.passes} passes "
                  f"after a warm-up pass)")
            wall, cpu = one_process(texts, env)
            print(f"{language} train through one `crm parse --jsonl` process, start-up included: "
                  f"{len(texts) / wall:,.0f} utterances/s wall ({wall:.2f} s), {len(texts) / cpu:,.0f} per CPU-second")
        startups = cold_startups(env, args.startups)
        print(f"cold start-up of `crm parse \"hi\"`: median {statistics.median(startups):.2f} s, "
              f"max {max(startups):.2f} s, n={len(startups)}")


if __name__ == "__main__":
    main()
