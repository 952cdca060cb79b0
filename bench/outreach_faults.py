"""Outreach on `crm worker` (Redis, PostgreSQL) while the database restarts or worker processes are killed.

    python bench/outreach_faults.py restart [--down 0.7]      # PostgreSQL unreachable for --down seconds
    python bench/outreach_faults.py kills [--kills 10]        # kill -9 of a worker process every --every s

Kills closer together than the supervisor's QUICK_DEATH_SECONDS (10 s) look like a crash loop, and it
restarts the process with growing delays (2 s, 4 s, 8 s...): `--every 5` measures that, not a kill.

PostgreSQL is reached through a TCP proxy (tests/fakes/tcp_proxy.py): stopping it refuses new connections
and cuts the open ones, as a restart does, without touching the shared server. Messages go to the fake
Bot API, which counts what each chat got. `crm scheduler`'s sweeper runs every 30 s as in production.
Printed: messages each chat got twice, rows left uncertain (for `crm jobs`), and the stall after each
fault: how long until the next message went out, and the longest gap between sends in the 30 s after it.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import scratch_database  # noqa: E402
from crm_core.models import Outbox  # noqa: E402
from tests.fakes.tcp_proxy import TcpProxy  # noqa: E402
from tests.fakes.telegram_api import TOKEN, FakeTelegramApi  # noqa: E402
from tests.workers.test_reliability_redis import (  # noqa: E402
    count, per_chat, run_sweeper, start_outreach, start_workers, stop_workers, wait_until,
)
from workers.broker import make_broker  # noqa: E402

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
SWEEP_EVERY = 30.0  # as crm scheduler
AFTER = 30.0  # seconds after a fault in which the longest gap between sends is measured


def proxied_url(db, proxy: TcpProxy) -> str:
    schema = db.connect_params["options"].split("=", 1)[1]
    return f"postgresql://postgres@127.0.0.1:{proxy.port}/{db.database}?options=-csearch_path%3D{schema}"


def arrivals(api: FakeTelegramApi) -> list[float]:
    return sorted(call.at for call in list(api.calls) if call.method == "sendMessage")


def stall_after(times: list[float], moment: float) -> tuple[float, float]:
    """(seconds from `moment` to the next send, longest gap between sends in the AFTER s from `moment`)."""
    later = [t for t in times if t >= moment]
    if not later:
        return float("inf"), float("inf")
    window = [moment] + [t for t in later if t <= moment + AFTER]
    return later[0] - moment, max(b - a for a, b in zip(window, window[1:])) if len(window) > 1 else 0.0


class Sweeper:
    """`crm scheduler`'s outbox sweep, every SWEEP_EVERY s, with its production settings."""

    def __init__(self, env: dict[str, str]):
        self.env, self.stop = env, threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self.stop.wait(SWEEP_EVERY):
            try:
                run_sweeper(self.env, pending_grace_seconds=120, sending_timeout_seconds=300)
            except Exception as exc:  # noqa: BLE001 - the database may be down right now: next time
                print(f"  (sweep failed: {exc})", flush=True)


def restart(proxy: TcpProxy, args, api, log, supervisor) -> list[float]:
    wait_until(lambda: len(arrivals(api)) >= args.customers // 5, 240, "a fifth to be sent")
    proxy.stop()
    time.sleep(args.down)
    proxy.start()
    print(f"PostgreSQL unreachable for {args.down:g} s after {len(arrivals(api))} sends", flush=True)
    return [time.monotonic()]


def kills(proxy: TcpProxy, args, api, log, supervisor) -> list[float]:
    moments, killed = [], set()
    wait_until(lambda: len(log.ready()) >= args.processes and len(arrivals(api)) >= 50, 240, "the workers to start")
    for _ in range(args.kills):
        time.sleep(args.every)
        wait_until(lambda: any(pid not in killed for pid in log.ready()), 60, "a worker process to be back")
        victim = next(pid for pid in log.ready() if pid not in killed)
        os.kill(victim, signal.SIGKILL)
        killed.add(victim)
        moments.append(time.monotonic())
        print(f"killed worker process {victim} after {len(arrivals(api))} sends", flush=True)
    return moments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", choices=("restart", "kills"))
    parser.add_argument("--customers", type=int, default=3000)
    parser.add_argument("--down", type=float, default=0.7, help="restart: seconds PostgreSQL is unreachable")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--every", type=float, default=12.0, help="kills: seconds between kills")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    redis.Redis.from_url(REDIS_URL).flushdb()
    broker = make_broker(REDIS_URL)
    with scratch_database("postgres") as db, FakeTelegramApi() as api, tempfile.TemporaryDirectory() as folder:
        direct = db.connect_params
        proxy = TcpProxy(direct.get("host", "127.0.0.1"), int(direct.get("port", 5432))).start()
        start_outreach(broker, args.customers)
        env = {**os.environ, "BROKER_URL": REDIS_URL, "DATABASE_URL": proxied_url(db, proxy),
               "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api.url}
        supervisor, log = start_workers(env, folder, args.processes, args.threads)
        sweeper = Sweeper(env)
        started = time.monotonic()
        try:
            faults = (restart if args.scenario == "restart" else kills)(proxy, args, api, log, supervisor)
            wait_until(lambda: count(Outbox.status.in_(["pending", "sending"])) == 0, 900,
                       "every row to be sent or handed over")
            finished = time.monotonic()
            run_sweeper(env, pending_grace_seconds=120, sending_timeout_seconds=0)  # stragglers: uncertain
        finally:
            sweeper.stop.set()
            stop_workers(supervisor)
            proxy.stop()
        broker.close()
        received = per_chat(api)
        times = arrivals(api)
        doubled = sum(1 for n in received.values() if n > 1)
        uncertain = count(Outbox.status == "uncertain")
        missing = args.customers - len(received)
        stalls = [stall_after(times, moment) for moment in faults]
    print(f"{args.scenario}: {args.customers} customers, {len(faults)} faults, done in {finished - started:.1f} s "
          f"(the pace alone takes {args.customers / 20:.0f} s)")
    print(f"  chats that got a message twice: {doubled}; without one: {missing} "
          f"(rows reported uncertain in crm jobs: {uncertain})")
    for number, (resumed, gap) in enumerate(stalls, 1):
        print(f"  fault {number}: next send after {resumed:.2f} s, longest gap in the {AFTER:.0f} s after: {gap:.2f} s")
    if stalls:
        print(f"  worst stall: {max(max(s) for s in stalls):.2f} s")


if __name__ == "__main__":
    main()
