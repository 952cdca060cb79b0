"""`crm telegram [--listen ADDR] [--port N]`: the Telegram bot (long polling; webhook with TELEGRAM_WEBHOOK_URL)."""
from __future__ import annotations

import argparse
import os

from crm_core import processes
from crm_core.cli.common import open_configured_database
from crm_core.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("telegram", help="run the Telegram bot (long polling, or a webhook when "
                                                    "TELEGRAM_WEBHOOK_URL is set)")
    parser.add_argument("--listen", default="0.0.0.0", help="webhook mode: address to listen on (default 0.0.0.0)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8443),
                        help="webhook mode: port to listen on (default $PORT or 8443)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bots.telegram import app  # transports are imported inside the command (DESIGN.md rule 1)
    from workers.broker import setup, stop_in_process_worker

    settings = get_settings()
    app.check(settings)
    open_configured_database()
    setup(settings)  # outbox rows go to the broker; without BROKER_URL a worker in this process sends them
    try:
        with processes.registered("crm telegram"):  # `crm restore` refuses meanwhile
            app.run(settings, listen=args.listen, port=args.port)
    finally:
        stop_in_process_worker()
    return 0
