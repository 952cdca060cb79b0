"""An outreach to N customers through the real path, against a fake Bot API: how fast, how even.

SendOutreach through the bus (the rows written in bulk), its dispatch row, `crm worker` processes on
Redis taking the "outreach" queue, the Telegram sender posting sendMessage to a local fake. Prints the
time the service took, the achieved rate, the busiest sliding 1 s window, calendar seconds over the
25/s cap, chats sent to twice (and twice within 1 s), and the time from the manager's "yes" to the
last message.

    python bench/outreach_pacing.py [--customers 3000] [--db postgres|sqlite] [--processes 2]
                                    [--threads 8] [--redis redis://127.0.0.1:6379/10]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter, defaultdict

from outbox_throughput import FakeApi, database_url, stop_workers

from crm_core.services.outreach import OUTREACH_PER_SECOND

TOKEN = "123456789:bench-token"
FIRST_CHAT = 70_000


def load_audience(customers: int):
    from crm_core.models import Customer, User, utcnow

    now = utcnow()
    for start in range(0, customers, 5000):
        Customer.insert_many([{
            "name": f"Customer {i}", "name_norm": f"customer {i}", "segment": "at_risk", "is_lead": False,
            "telegram_user_id": FIRST_CHAT + i, "telegram_chat_id": FIRST_CHAT + i, "outreach_opt_in": True,
            "support_new_ticket": False, "created_at": now, "updated_at": now}
            for i in range(start, min(customers, start + 5000))]).execute()
    return User.create(name="Mona Manager", role="manager", email="mona@bench.example")


def send_outreach(broker, manager) -> float:
    """The manager's confirmed outreach, published to Redis as `crm slack` would; milliseconds it took."""
    import dramatiq

    from crm_core import bus
    from crm_core import commands as c

    bus.configure(publish=lambda row_id: broker.enqueue(dramatiq.Message(
        queue_name="outbox", actor_name="send_outbox", args=(row_id,), kwargs={}, options={})))
    start = time.perf_counter()
    result = bus.handle(c.SendOutreach(segment="at_risk", message="Hi {first_name}, just checking in."), manager)
    elapsed = (time.perf_counter() - start) * 1000
    bus.configure(publish=None)
    print(f"  {type(result).__name__}: {getattr(result, 'message', result)}")
    return elapsed


def start_workers(args, db, api: FakeApi):
    import subprocess

    env = {**os.environ, "BROKER_URL": args.redis, "DATABASE_URL": database_url(db), "TELEGRAM_BOT_TOKEN": TOKEN,
           "TELEGRAM_API_URL": f"http://127.0.0.1:{api.server_address[1]}/bot"}
    return subprocess.Popen(["crm", "worker", "--processes", str(args.processes), "--threads", str(args.threads)],
                            env=env, start_new_session=True)


def report(args, arrivals: list[tuple[float, int]], confirmed_at: float, service_ms: float) -> None:
    times = sorted(t for t, _ in arrivals)
    busiest, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= 1.0:
            start += 1
        busiest = max(busiest, end - start + 1)
    per_second = Counter(int(t) for t in times)
    by_chat = defaultdict(list)
    for t, chat in arrivals:
        by_chat[chat].append(t)
    twice = sum(1 for ts in by_chat.values() if len(ts) > 1)
    twice_within_1s = sum(1 for ts in by_chat.values() for a, b in zip(sorted(ts), sorted(ts)[1:]) if b - a < 1.0)
    span = times[-1] - times[0]
    print(f"outreach: {args.customers:,} customers, {args.processes} processes x {args.threads} threads, {args.db}")
    print(f"  service (bus.handle SendOutreach, rows written in bulk): {service_ms:,.0f} ms")
    print(f"  achieved {(len(times) - 1) / span:.1f} messages/s from first to last arrival ({span:.1f} s)")
    print(f"  busiest sliding 1 s window: {busiest}; calendar seconds over {OUTREACH_PER_SECOND}/s: "
          f"{sum(1 for n in per_second.values() if n > OUTREACH_PER_SECOND)} of {len(per_second)}")
    print(f"  chats sent to twice: {twice}; twice within 1 s: {twice_within_1s}; chats reached {len(by_chat):,}")
    print(f"  time from the confirmed outreach to the last message: {times[-1] - confirmed_at:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=3000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/10")
    args = parser.parse_args()

    import redis

    from common import scratch_database
    from workers.broker import make_broker

    redis.Redis.from_url(args.redis).flushdb()
    broker = make_broker(args.redis)
    print(f"machine: {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    with scratch_database(args.db) as db, FakeApi() as api:
        manager = load_audience(args.customers)
        workers = start_workers(args, db, api)
        try:
            time.sleep(3)  # the workers start up before the manager says yes
            confirmed_at = time.time()
            service_ms = send_outreach(broker, manager)
            deadline = time.time() + args.customers / 10 + 120
            while api.count() < args.customers and time.time() < deadline:
                time.sleep(0.5)
            time.sleep(2)  # anything sent twice arrives too
        finally:
            stop_workers(workers)
        report(args, list(api.arrivals), confirmed_at, service_ms)
    broker.close()


if __name__ == "__main__":
    main()
