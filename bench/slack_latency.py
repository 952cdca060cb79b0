"""A signed `/crm log a call with ...` from the request to its reply reaching the (fake) Web API.

The Bolt app is served by Tornado on a local port exactly as `crm slack` serves it; the reply is the
response_url post the fake Slack API receives. Demo data (300+ customers) in a scratch database.
Also printed: errors logged by the app (e.g. "database is locked") and the App Home refreshes the writes
caused (views.publish; merged while one is waiting, so fewer than the writes).

    python bench/slack_latency.py [--requests 300] [--load 1000] [--concurrency 16] [--only sqlite|postgres]
                                  [--no-home-refresh]   (what the App Home refreshes cost)
"""
from __future__ import annotations

import argparse
import hashlib
import hmac
import logging
import os
import statistics
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bots.slack.app import build_app  # noqa: E402
from bots.slack.server import SlackHttpServer  # noqa: E402
from crm_core import bus, resolve  # noqa: E402
from crm_core.demo import load_demo  # noqa: E402
from crm_core.models import Activity, Customer, User  # noqa: E402
from crm_core.settings import Settings  # noqa: E402
from tests.fakes.slack_api import FakeSlackApi  # noqa: E402

from common import scratch_database  # noqa: E402

SECRET = "bench-signing-secret"
SLACK_USER = "UBENCH"


class ErrorCount(logging.Handler):
    """Counts what the app logs at ERROR (failed listeners, failed commands), keeping a few messages."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count, self.examples = 0, []

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if len(self.examples) < 3:
            self.examples.append(record.getMessage()[:160])


def setup_data() -> list[str]:
    """Load the demo; link a rep to the Slack user; the customers whose names resolve without a question."""
    load_demo()
    rep = User.select().where(User.role == "rep").order_by(User.id).first()
    rep.slack_user_id = SLACK_USER
    rep.save()
    names = [c.name for c in Customer.select(Customer.name).order_by(Customer.id)]
    return [n for n in names if isinstance(resolve.resolve(n, actor_id=rep.id), resolve.Resolved)]


class Client:
    def __init__(self, url: str, api: FakeSlackApi):
        self.url, self.api = url, api
        self.sent: dict[str, float] = {}
        self.failed: list[str] = []  # replies that are not the confirmation (errors, questions)
        self.lock = threading.Lock()

    def send(self, n: int, customer: str) -> str:
        rid = f"r{n}"
        form = {"team_id": "T0TEAM", "channel_id": "CSALES", "channel_name": "sales", "user_id": SLACK_USER,
                "user_name": "bench", "command": "/crm", "text": f"log a call with {customer}, they want a demo",
                "response_url": self.api.response_url(rid), "trigger_id": f"{n}.{time.time_ns()}.bench"}
        body = urlencode(form)
        stamp = str(int(time.time()))
        signature = "v0=" + hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
        request = urllib.request.Request(self.url, data=body.encode(), method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature})
        with self.lock:
            self.sent[rid] = time.monotonic()
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200, response.status
        return rid

    def wait(self, rid: str, timeout: float = 30.0) -> float:
        """Milliseconds from sending `rid` to its reply arriving at the fake API."""
        path = f"/response/{rid}"
        deadline = time.monotonic() + timeout
        with self.api.lock:
            while True:
                found = [c for c in self.api.calls if c.path == path]
                if found:
                    if "Logged a call" not in str(found[0].args.get("text")):
                        self.failed.append(str(found[0].args.get("text"))[:120])
                    return (found[0].at - self.sent[rid]) * 1000
                if time.monotonic() > deadline:
                    raise TimeoutError(rid)
                self.api.lock.wait(deadline - time.monotonic())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def run(kind: str, requests: int, load: int, concurrency: int, refresh_homes: bool = True) -> None:
    with scratch_database(kind) as db, FakeSlackApi() as api:
        bus.configure(None)
        customers = setup_data()
        settings = Settings(slack_bot_token="xoxb-bench", slack_signing_secret=SECRET, slack_api_url=api.api_url)
        app = build_app(settings)
        if not refresh_homes:
            app.crm.homes.close()  # unsubscribed: no home is published
        server = SlackHttpServer(app, port=0, host="127.0.0.1").start()
        client = Client(server.url, api)
        errors = ErrorCount()
        logging.getLogger().addHandler(errors)
        activities_before = Activity.select().count()
        counter = iter(range(10**9))
        try:
            for _ in range(20):  # warm up: connections, the customer index, code paths
                client.wait(client.send(next(counter), customers[0]))
            sequential = [client.wait(client.send(next(counter), customers[i % len(customers)]))
                          for i in range(requests)]
            failed_sequential, client.failed = client.failed, []

            def one(i: int) -> float:
                return client.wait(client.send(next(counter), customers[i % len(customers)]))

            started = time.monotonic()
            with ThreadPoolExecutor(concurrency) as pool:
                loaded = list(pool.map(one, range(load)))
            elapsed = time.monotonic() - started
        finally:
            server.stop()
            server.app.close()
            logging.getLogger().removeHandler(errors)
        written = Activity.select().count() - activities_before
        homes = len(api.of("views.publish"))
    print(f"{kind:>10}: sequential n={requests}: p50 {statistics.median(sequential):.1f} ms, "
          f"p99 {percentile(sequential, 0.99):.1f} ms, {len(failed_sequential)} not confirmed")
    print(f"{'':>10}  {concurrency} concurrent, n={load}: {load / elapsed:.0f} requests/s sustained, "
          f"p50 {statistics.median(loaded):.1f} ms, p99 {percentile(loaded, 0.99):.1f} ms, "
          f"{len(client.failed)} not confirmed ({written} calls logged in all)")
    print(f"{'':>10}  {errors.count} errors logged, {homes} App Home refreshes")
    for text in errors.examples:
        print(f"{'':>12}error: {text}")
    for text in sorted(set(failed_sequential + client.failed))[:3]:
        print(f"{'':>12}e.g. {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--load", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--no-home-refresh", action="store_true", help="don't publish App Homes after writes")
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)  # failures are counted from the replies and ErrorCount
    logging.getLogger().handlers[0].setLevel(logging.CRITICAL)
    logging.getLogger().setLevel(logging.ERROR)
    for kind in ([args.only] if args.only else ["sqlite", "postgres"]):
        run(kind, args.requests, args.load, args.concurrency, refresh_homes=not args.no_home_refresh)


if __name__ == "__main__":
    main()
