"""`crm slack [--port N]`: the Slack bot (HTTP at /slack/events, or Socket Mode with SLACK_APP_TOKEN)."""
from __future__ import annotations

import argparse
import os

from crm_core import processes
from crm_core.cli.common import open_configured_database
from crm_core.settings import get_settings

DEFAULT_PORT = 3000


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("slack", help="run the Slack bot (HTTP at /slack/events, or Socket Mode)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or DEFAULT_PORT),
                        help=f"HTTP port (default: $PORT or {DEFAULT_PORT}; unused in Socket Mode)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bots.slack.main import serve  # transports are imported inside the command (DESIGN.md rule 1)

    open_configured_database()
    with processes.registered("crm slack"):  # `crm restore` refuses meanwhile
        return serve(get_settings(), args.port)
