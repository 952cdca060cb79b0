"""One worker process (`python -m workers.process --threads N`): dramatiq Worker threads for BROKER_URL.

Started by the supervisor (`crm worker`). Stops cleanly on SIGTERM or SIGINT (messages it had
fetched go back to the queue), and on its own when its supervisor is gone, so a `kill -9` of the
supervisor leaves no orphans working unsupervised.
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

import dramatiq

from crm_core import db as crm_db
from crm_core.settings import get_settings
from workers.broker import setup

log = logging.getLogger("workers.process")  # also when run as __main__

PARENT_CHECK_SECONDS = 1.0
STOP_TIMEOUT_MS = 30_000


def run(threads: int) -> int:
    settings = get_settings()
    crm_db.init(settings.database_url)
    broker = setup(settings, in_process_threads=0)
    worker = dramatiq.Worker(broker, worker_threads=threads)
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    parent = os.getppid()
    worker.start()
    log.warning("worker process %s ready: %d threads on %s (broker id %s)", os.getpid(), threads,
                ", ".join(sorted(broker.get_declared_queues())), getattr(broker, "broker_id", "-"))
    while not stopping.wait(PARENT_CHECK_SECONDS):
        if os.getppid() != parent:
            log.warning("worker process %s: supervisor %s is gone; stopping", os.getpid(), parent)
            break
    worker.stop(timeout=STOP_TIMEOUT_MS)
    broker.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workers.process")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return run(args.threads)


if __name__ == "__main__":
    sys.exit(main())
