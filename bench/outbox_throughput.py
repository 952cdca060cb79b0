"""Outbox sending through `crm worker` on real Redis, to a local fake chat API.

1. Throughput: 100,000 outbox rows (kind "http.post", no rate limit) -> messages a second.
2. Pacing: rows of kind "telegram.bench" (Telegram's limits: 30 a second overall, 1 a second per chat)
   with a backlog larger than the limit allows, for ~20 s -> achieved rate, calendar seconds with more
   than 30 arrivals, the busiest 1-second window, and sends to one chat less than 1 s apart.

    python bench/outbox_throughput.py [--messages 100000] [--db postgres|sqlite] [--processes 2]
                                      [--threads 8] [--pacing-seconds 20] [--redis redis://127.0.0.1:6379/11]

The worker processes import this module too (CRM_SENDER_MODULES) to get the "telegram.bench" sender.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from workers.http_sender import post_json
from workers.senders import register

register("telegram.bench", post_json)  # "telegram." kinds get Telegram's rate limits

ROOT = Path(__file__).resolve().parent.parent
TELEGRAM_PER_SECOND = 30


class FakeApi(ThreadingHTTPServer):
    """Answers every POST like the Bot API's sendMessage and notes when each chat got a message."""
    daemon_threads = True

    def __init__(self) -> None:
        self.arrivals: list[tuple[float, int]] = []
        self.lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else headers and body, written apart, wait on a delayed ACK (40 ms)

            def do_POST(self) -> None:
                chat = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["chat_id"]
                with api.lock:
                    api.arrivals.append((time.time(), chat))
                    answer = b'{"ok":true,"result":{"message_id":%d}}' % len(api.arrivals)
                self.send_response(200)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/botTOKEN/sendMessage"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def handle_error(self, request, client_address) -> None:
        pass

    def count(self) -> int:
        with self.lock:
            return len(self.arrivals)


def database_url(db) -> str:
    if type(db).__name__.startswith("Sqlite"):
        return f"sqlite:///{db.database}"
    schema = db.connect_params["options"].split("=", 1)[1]
    return f"postgresql://postgres@127.0.0.1:5432/{db.database}?options=-csearch_path%3D{schema}"


def load_rows(db, kind: str, url: str, chats: list[int]) -> list[int]:
    from crm_core.models import Outbox, utcnow

    now = utcnow()
    first = (Outbox.select(Outbox.id).order_by(Outbox.id.desc()).scalar() or 0) + 1
    for start in range(0, len(chats), 5000):
        with db.atomic():
            Outbox.insert_many([{
                "kind": kind, "key": f"{kind}:{start + i}", "next_attempt_at": now, "created_at": now,
                "updated_at": now, "payload": json.dumps({"url": url, "chat_id": chat,
                                                          "json": {"chat_id": chat, "text": "Hello"}}),
            } for i, chat in enumerate(chats[start:start + 5000])]).execute()
    return [row.id for row in Outbox.select(Outbox.id).where(Outbox.id >= first).order_by(Outbox.id)]


def enqueue_all(broker, row_ids: list[int]) -> float:
    import dramatiq

    start = time.perf_counter()
    for row_id in row_ids:
        broker.enqueue(dramatiq.Message(queue_name="outbox", actor_name="send_outbox", args=(row_id,), kwargs={},
                                        options={}))
    return len(row_ids) / (time.perf_counter() - start)


def start_workers(args, db) -> subprocess.Popen:
    env = {**os.environ, "BROKER_URL": args.redis, "DATABASE_URL": database_url(db),
           "CRM_SENDER_MODULES": "outbox_throughput",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "bench"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(["crm", "worker", "--processes", str(args.processes), "--threads", str(args.threads)],
                            env=env, cwd=ROOT, start_new_session=True)


def stop_workers(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=120)


def throughput(args, db, broker, api: FakeApi) -> None:
    from crm_core.models import Outbox

    rows = load_rows(db, "http.post", api.url, list(range(args.messages)))
    enqueue_rate = enqueue_all(broker, rows)
    workers = start_workers(args, db)
    started = time.perf_counter()
    try:
        while api.count() < args.messages:
            if time.perf_counter() - started > 1800:
                raise SystemExit(f"only {api.count()} of {args.messages} sent after 30 minutes")
            time.sleep(0.5)
        wall = time.perf_counter() - started
    finally:
        stop_workers(workers)
    times = sorted(t for t, _ in api.arrivals)
    steady = (len(times) - 1) / (times[-1] - times[0])
    sent = Outbox.select().where((Outbox.kind == "http.post") & (Outbox.status == "sent")).count()
    duplicates = len(times) - len({chat for _, chat in api.arrivals})
    print(f"throughput: {args.messages:,} messages, {args.processes} processes x {args.threads} threads, {args.db}")
    print(f"  enqueue {enqueue_rate:,.0f} messages/s into Redis")
    print(f"  sending {steady:,.0f} messages/s from first to last arrival ({times[-1] - times[0]:.1f} s); "
          f"{args.messages / wall:,.0f}/s counting worker start-up ({wall:.1f} s)")
    print(f"  rows marked sent {sent:,}; duplicate arrivals {duplicates}")


def pacing(args, db, broker, api: FakeApi) -> None:
    api.arrivals.clear()
    backlog = int(TELEGRAM_PER_SECOND * args.pacing_seconds * 1.5)
    repeated = [1_000_000 + chat for chat in range(5) for _ in range(5)]  # 5 chats, 5 messages each
    rows = load_rows(db, "telegram.bench", api.url, repeated + list(range(backlog)))
    enqueue_all(broker, rows)
    workers = start_workers(args, db)
    try:
        while api.count() == 0:
            time.sleep(0.05)
        first = time.time()
        time.sleep(args.pacing_seconds)
    finally:
        stop_workers(workers)
    arrivals = sorted(t for t, _ in api.arrivals if t < first + args.pacing_seconds)
    per_second = Counter(int(t) for t in arrivals)
    whole = [n for second, n in per_second.items() if int(first) < second < int(first + args.pacing_seconds)]
    busiest = max(sum(1 for u in arrivals[i:i + 100] if u < t + 1.0) for i, t in enumerate(arrivals))
    by_chat = defaultdict(list)
    for t, chat in api.arrivals:
        by_chat[chat].append(t)
    too_close = sum(1 for ts in by_chat.values() for a, b in zip(sorted(ts), sorted(ts)[1:]) if b - a < 1.0)
    repeated_sent = sum(len(by_chat[chat]) for chat in set(repeated))
    print(f"pacing: limit {TELEGRAM_PER_SECOND}/s overall and 1/s per chat, backlog {len(rows):,}, "
          f"{args.pacing_seconds:.0f} s")
    print(f"  achieved {len(arrivals) / args.pacing_seconds:.1f} messages/s ({len(arrivals)} in "
          f"{args.pacing_seconds:.0f} s); whole seconds: min {min(whole)}, max {max(whole)}")
    print(f"  calendar seconds over {TELEGRAM_PER_SECOND}: {sum(1 for n in whole if n > TELEGRAM_PER_SECOND)} "
          f"of {len(whole)}; busiest sliding 1 s window: {busiest}")
    print(f"  sends to one chat less than 1 s apart: {too_close}; the 5 chats with 5 messages got "
          f"{repeated_sent} of 25 in the window")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--pacing-seconds", type=float, default=20.0)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()

    import redis

    from common import scratch_database
    from workers.broker import make_broker

    redis.Redis.from_url(args.redis).flushdb()
    broker = make_broker(args.redis)
    print(f"machine: {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    with scratch_database(args.db) as db, FakeApi() as api:
        if not args.skip_throughput:
            throughput(args, db, broker, api)
        redis.Redis.from_url(args.redis).flushdb()
        pacing(args, db, broker, api)


if __name__ == "__main__":
    main()
