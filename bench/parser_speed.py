"""Speed of `crm parse`: start-up, throughput and per-utterance latency of `--jsonl` over 10,000 lines.

    python bench/parser_speed.py [--lines 10000] [--startups 5]

Uses a scratch SQLite database holding the eval customers. Throughput: all lines piped at once.
Latency: one line written, its answer read, then the next (p50/p99 per utterance, pipe included).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from parser_eval import EVAL_DIR, NOW, scratch_database


PARSE_ONLY = ("import sys, crm_core.cli as cli; cli.SUBCOMMAND_MODULES = ('db', 'parse'); "
              "sys.exit(cli.main(sys.argv[1:]))")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=10_000)
    ap.add_argument("--startups", type=int, default=5)
    args = ap.parse_args()
    with (EVAL_DIR / "commands_dev.jsonl").open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    lines = [texts[k % len(texts)] for k in range(args.lines)]
    with tempfile.TemporaryDirectory() as folder:
        env = scratch_database(folder, EVAL_DIR / "customers.csv")
        command = ["crm", "parse", "--now", NOW]

        startups = []
        for _ in range(args.startups):
            started = time.perf_counter()
            subprocess.run(command + ["show my pipeline"], env=env, check=True, capture_output=True)
            startups.append(time.perf_counter() - started)
        print(f"start-up (crm parse TEXT, whole process): median {statistics.median(startups):.2f} s, "
              f"max {max(startups):.2f} s, n={len(startups)}")
        own = []
        for _ in range(args.startups):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", PARSE_ONLY, "parse", "--now", NOW, "show my pipeline"], env=env,
                           check=True, capture_output=True)
            own.append(time.perf_counter() - started)
        print(f"start-up of the parse path alone (the `crm` parser built with only db and parse): median "
              f"{statistics.median(own):.2f} s, max {max(own):.2f} s")

        payload = "".join(t + "\n" for t in lines)
        started = time.perf_counter()
        done = subprocess.run(command + ["--jsonl"], input=payload, env=env, text=True, capture_output=True,
                              check=True)
        elapsed = time.perf_counter() - started
        answered = len(done.stdout.splitlines())
        steady = elapsed - statistics.median(startups)
        print(f"throughput (--jsonl, {answered} lines piped): {answered / elapsed:,.0f} utterances/s with start-up "
              f"({elapsed:.2f} s), {answered / steady:,.0f} utterances/s after it")

        process = subprocess.Popen(command + ["--jsonl"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                   text=True, bufsize=1)
        process.stdin.write("warm up\n")  # the first answer waits for start-up: not a per-utterance cost
        process.stdin.flush()
        process.stdout.readline()
        latencies = []
        for text in lines:
            started = time.perf_counter()
            process.stdin.write(text + "\n")
            process.stdin.flush()
            process.stdout.readline()
            latencies.append((time.perf_counter() - started) * 1000)
        process.stdin.close()
        process.wait()
        print(f"latency per utterance (--jsonl, one at a time): p50 {percentile(latencies, 0.5):.2f} ms, "
              f"p99 {percentile(latencies, 0.99):.2f} ms, max {max(latencies):.2f} ms, n={len(latencies)}")

    from crm_core.nlp_commands import parse
    from crm_core.resolve import CustomerIndex, CustomerResolver
    import csv
    with (EVAL_DIR / "customers.csv").open(encoding="utf-8") as fh:
        resolver = CustomerResolver(CustomerIndex.from_names([(r["name"], r["city"]) for r in csv.DictReader(fh)]))
    now = datetime.fromisoformat(NOW)
    times = []
    for text in lines:
        started = time.perf_counter()
        parse(text, now, resolver)
        times.append((time.perf_counter() - started) * 1000)
    print(f"in process (parse() alone): p50 {percentile(times, 0.5):.3f} ms, p99 {percentile(times, 0.99):.3f} ms, "
          f"{len(times) / (sum(times) / 1000):,.0f} utterances/s")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
