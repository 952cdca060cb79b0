"""`crm run` with Slack and Telegram (local fakes) on SQLite: seconds until it has started everything,
and from SIGTERM until it has exited.

    python bench/run_lifecycle.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakes.slack_api import FakeSlackApi  # noqa: E402
from tests.fakes.telegram_api import TOKEN, FakeTelegramApi  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def once(env: dict[str, str]) -> tuple[float, float]:
    with FakeSlackApi() as slack_api, FakeTelegramApi() as tg_api:
        began = time.perf_counter()
        process = subprocess.Popen(["crm", "run", "--port", str(free_port())], stdout=subprocess.PIPE, text=True,
                                   env={**env, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": "s",
                                        "SLACK_API_URL": slack_api.api_url, "TELEGRAM_BOT_TOKEN": TOKEN,
                                        "TELEGRAM_API_URL": tg_api.url})
        process.stdout.readline()
        started = time.perf_counter() - began
        began = time.perf_counter()
        process.send_signal(signal.SIGTERM)
        code = process.wait(60)
        stopped = time.perf_counter() - began
    assert code == 0, code
    return started, stopped


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "BROKER_", "CRM_"))}
        env.update(DATABASE_URL=f"sqlite:///{folder}/crm.db", HOME=folder)
        subprocess.run(["crm", "db", "upgrade"], env=env, check=True, capture_output=True)
        runs = [once(env) for _ in range(args.repeat)]
    for label, values in (("start (spawn to the started line)", [r[0] for r in runs]),
                          ("stop (SIGTERM to exit 0)", [r[1] for r in runs])):
        print(f"crm run {label}: " + ", ".join(f"{v:.2f} s" for v in values))


if __name__ == "__main__":
    main()
