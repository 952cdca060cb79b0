"""`crm chat [--as NAME]`: talk to the bot in the terminal."""
from __future__ import annotations

import argparse
import sys

from crm_core import migrate
from crm_core.cli.common import open_configured_database
from crm_core.services.users import local_operator
from crm_core.settings import get_settings

DRAIN_SECONDS = 20.0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("chat", help="talk to the bot in the terminal")
    parser.add_argument("--as", dest="as_user", metavar="NAME",
                        help="act as this teammate (default: the first admin, made when there is none)")
    parser.set_defaults(run=chat)


def chat(args: argparse.Namespace) -> int:
    import dramatiq

    from bots import console
    from workers import broker

    db = open_configured_database()
    migrate.upgrade(db)
    with db.connection_context():
        user = local_operator(args.as_user)
    broker.setup(get_settings())
    try:
        console.run(user)
        broker.drain(DRAIN_SECONDS)
    except dramatiq.errors.QueueJoinTimeout:
        print("crm: some messages could not be sent yet; they stay in the outbox (see `crm jobs`).",
              file=sys.stderr)
    finally:
        broker.stop_in_process_worker()
    return 0
