"""Customer message -> ticket acknowledgement on loopback: p50/p99 latency and sustained messages/s.

PTB's Application polls the local Bot API of tests/fakes/telegram_api.py (long polling, as against
Telegram); a message counts from the moment its update is available to the moment the bot's
sendMessage with "Ticket #N received" reaches the API. Each message is a real bus command: the
update claim, the ticket (opened or continued), the message row and the audit rows, one transaction.

    python bench/telegram_latency.py [--only sqlite|postgres] [--latency 300] [--burst 1500] [--chats 300]

Latency: one message at a time, from `--chats` customers in turn. Sustained: `--burst` messages
pushed at once from `--chats` customers, timed from the first push to the last acknowledgement, with
PTB's AIORateLimiter on (Telegram's 30 messages/s overall, as deployed) and off (what the bot itself
can do).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import scratch_database, summary  # noqa: E402

from bots.telegram import app as telegram_app  # noqa: E402
from crm_core.models import Customer, Ticket  # noqa: E402
from crm_core.names import normalize_name  # noqa: E402
from crm_core.settings import get_settings  # noqa: E402
from tests.fakes.telegram_api import TOKEN, FakeTelegramApi, TgUser  # noqa: E402


def customers(count: int) -> list[TgUser]:
    users = [TgUser(900_000 + i, f"Customer{i}") for i in range(count)]
    Customer.insert_many([{"name": u.first_name, "name_norm": normalize_name(u.first_name), "telegram_user_id": u.id,
                           "telegram_chat_id": u.id} for u in users]).execute()
    return users


def acks(api: FakeTelegramApi) -> list[float]:
    with api._changed:
        return [call.at for call in api.calls if call.method == "sendMessage" and "received" in call.params["text"]]


def wait_acks(api: FakeTelegramApi, count: int, timeout: float) -> list[float]:
    deadline = time.monotonic() + timeout
    while len(found := acks(api)) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {len(found)} of {count} acknowledgements after {timeout:.0f} s")
        with api._changed:
            api._changed.wait(0.5)
    return found


def latency(api: FakeTelegramApi, users: list[TgUser], count: int) -> list[float]:
    times = []
    for i in range(count):
        before = len(acks(api))
        start = time.monotonic()
        api.message(users[i % len(users)], f"Problem number {i}\nwith some detail")
        times.append((wait_acks(api, before + 1, 30)[before] - start) * 1000)
    return times


def sustained(api: FakeTelegramApi, users: list[TgUser], count: int) -> tuple[float, float]:
    before = len(acks(api))
    start = time.monotonic()
    for i in range(count):
        api.message(users[i % len(users)], f"Burst message {i}")
    took = wait_acks(api, before + count, 600)[before + count - 1] - start
    return count / took, took


def run(kind: str, args: argparse.Namespace) -> None:
    with scratch_database(kind), FakeTelegramApi() as api:
        os.environ.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url)
        get_settings.cache_clear()
        users = customers(args.chats)
        for rate_limit in (True, False):
            bot = telegram_app.BotThread(telegram_app.build(get_settings(), rate_limit=rate_limit)).start()
            try:
                label = "AIORateLimiter on " if rate_limit else "AIORateLimiter off"
                if rate_limit:
                    latency(api, users, 20)  # warm-up: connections, the bus's imports
                    times = latency(api, users, args.latency)
                    print(f"{kind:8} message -> acknowledgement: {summary(times)}")
                per_second, took = sustained(api, users, args.burst)
                print(f"{kind:8} sustained, {label}: {per_second:7.1f} messages/s "
                      f"({args.burst} messages from {args.chats} chats in {took:.1f} s)")
            finally:
                bot.stop()
        print(f"{kind:8} tickets: {Ticket.select().count()}, customers: {Customer.select().count()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--latency", type=int, default=300, help="messages timed one at a time")
    parser.add_argument("--burst", type=int, default=1500, help="messages pushed at once")
    parser.add_argument("--chats", type=int, default=300, help="customers writing")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for kind in ("sqlite", "postgres"):
        if args.only in (None, kind):
            run(kind, args)


if __name__ == "__main__":
    main()
