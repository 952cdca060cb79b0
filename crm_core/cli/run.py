"""`crm run`: everything that is configured, in one process.

Slack (HTTP or Socket Mode) when SLACK_BOT_TOKEN is set, the Telegram bot when TELEGRAM_BOT_TOKEN is,
the console chat when neither is; always a worker (the in-process queue without BROKER_URL, else
dramatiq Worker threads consuming the broker) and the scheduler. Each front-end runs on its own
thread and event loop; Ctrl-C or SIGTERM stops them all and exits 0. A front-end that can't start
(a bad token, say) stops what was started and exits 2 with the reason.
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from crm_core import clock, migrate, processes
from crm_core.cli.common import open_configured_database, wait_in_main_thread
from crm_core.errors import ConfigError
from crm_core.settings import Settings, get_settings

log = logging.getLogger(__name__)

DEFAULT_SLACK_PORT = 3000
DEFAULT_THREADS = 4
DRAIN_SECONDS = 20.0
WORKER_STOP_MS = 10_000


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="run everything that is configured in one process (bots, worker, "
                                               "scheduler; the console chat when no chat token is set)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or DEFAULT_SLACK_PORT),
                        help=f"Slack HTTP port (default: $PORT or {DEFAULT_SLACK_PORT})")
    parser.add_argument("--telegram-port", type=int, default=8443, help="Telegram webhook port (default 8443)")
    parser.add_argument("--listen", default="0.0.0.0", help="Telegram webhook address (default 0.0.0.0)")
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, metavar="N",
                        help=f"worker threads (default {DEFAULT_THREADS})")
    parser.add_argument("--as", dest="as_user", metavar="NAME", help="console mode: act as this teammate")
    parser.set_defaults(run=run)


@dataclass
class Running:
    """What was started, in order, with how to stop each (stopped in reverse)."""
    parts: list[tuple[str, str, Callable[[], None]]] = field(default_factory=list)

    def add(self, name: str, how: str, stop: Callable[[], None]) -> None:
        self.parts.append((name, how, stop))

    def summary(self) -> str:
        return ", ".join(f"{name}: {how}" for name, how, _ in self.parts)

    def stop_all(self) -> None:
        for name, _, stop in reversed(self.parts):
            try:
                stop()
            except Exception:  # noqa: BLE001 - stopping the others matters more
                log.warning("stopping %s failed", name, exc_info=True)
        self.parts.clear()


class Stop(Exception):
    """SIGTERM or SIGINT arrived."""


def run(args: argparse.Namespace) -> int:
    if args.threads < 1:
        raise ConfigError("--threads must be at least 1.")
    settings = get_settings()
    console_mode = not (settings.slack_bot_token or settings.telegram_bot_token)
    _check_fronts(settings)
    db = open_configured_database()
    migrate.upgrade(db)
    running = Running()
    unregister = processes.register("crm run")  # `crm restore` refuses while this runs
    _on_signals_raise_stop()
    try:
        broker = _start_worker(settings, args.threads, running)
        _start_scheduler(settings, broker, running)
        if console_mode:
            return _console(args.as_user, running)
        _start_fronts(settings, args, running)
        print(running.summary(), flush=True)
        wait_in_main_thread(threading.Event())  # until SIGTERM or SIGINT raises Stop
    except Stop:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not cut the shutdown short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        running.stop_all()
        unregister()
    return 0


def _on_signals_raise_stop() -> None:
    def stop(signum: int, frame: object) -> None:
        raise Stop()
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def _check_fronts(settings: Settings) -> None:
    """Settings that can't work are refused before anything starts."""
    if settings.slack_bot_token and not (settings.slack_signing_secret or settings.slack_app_token):
        raise ConfigError("SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP) nor SLACK_APP_TOKEN "
                          "(Socket Mode) is.", hint="See the Slack section of README.md.")
    if settings.telegram_bot_token:
        from bots.telegram import app as telegram_app

        telegram_app.check(settings)


def _start_worker(settings: Settings, threads: int, running: Running):
    from workers import broker as crm_broker

    if not settings.broker_url:
        broker = crm_broker.setup(settings, in_process_threads=threads)
        running.add("worker", f"in-process {threads} threads", crm_broker.stop_in_process_worker)
        return broker
    import dramatiq

    broker = crm_broker.setup(settings, in_process_threads=0)
    worker = dramatiq.Worker(broker, worker_threads=threads)
    worker.start()

    def stop() -> None:
        worker.stop(timeout=WORKER_STOP_MS)
        broker.close()
    running.add("worker", f"{threads} threads on {settings.broker_url.split('://')[0]}", stop)
    return broker


def _start_scheduler(settings: Settings, broker, running: Running) -> None:
    from workers.scheduler import JOBS, build_scheduler, enqueue_by_name

    scheduler = build_scheduler(enqueue_by_name(broker), settings.tz, background=True)
    scheduler.start()
    running.add("scheduler", "on", lambda: scheduler.shutdown(wait=False))
    now = clock.now(settings.tz)
    for job in JOBS:  # catch up at once: reminders that fell due while nothing ran, rows left pending
        if job.period is not None:
            scheduler.modify_job(job.name, next_run_time=now)


def _start_fronts(settings: Settings, args: argparse.Namespace, running: Running) -> None:
    if settings.slack_bot_token:
        from bots.slack import main as slack

        how, stop = _started("Slack", lambda: slack.start(settings, args.port))
        running.add("Slack", how, stop)
    if settings.telegram_bot_token:
        from bots.telegram import app as telegram_app

        hook = telegram_app.webhook_for(settings, args.listen, args.telegram_port)
        bot = _started("Telegram", lambda: telegram_app.BotThread(telegram_app.build(settings), webhook=hook).start())
        running.add("Telegram", "polling" if hook is None else f"webhook on :{hook.port}", bot.stop)


def _started(name: str, start: Callable):
    """What `start` returned; a failure becomes a ConfigError that names the front-end."""
    try:
        return start()
    except ConfigError:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. a token the platform refuses
        cause = exc.__cause__ or exc
        raise ConfigError(f"{name} did not start: {type(cause).__name__}: {cause}",
                          hint="Check the token and the API URL in the settings.") from cause


def _console(as_user: str | None, running: Running) -> int:
    import dramatiq

    from bots import console
    from crm_core.db import database
    from crm_core.services.users import local_operator
    from workers import broker

    with database.connection_context():
        user = local_operator(as_user)
    print(running.summary() + ", console chat", file=sys.stderr, flush=True)  # stdout is the conversation
    console.run(user)
    try:
        broker.drain(DRAIN_SECONDS)
    except dramatiq.errors.QueueJoinTimeout:
        print("crm: some messages could not be sent yet; they stay in the outbox (see `crm jobs`).",
              file=sys.stderr)
    return 0
