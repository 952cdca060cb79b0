"""`crm chat [--as NAME]`: talk to the bot in the terminal."""
from __future__ import annotations

import argparse

from crm_core import migrate
from crm_core.cli.common import open_configured_database
from crm_core.services.users import local_operator


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("chat", help="talk to the bot in the terminal")
    parser.add_argument("--as", dest="as_user", metavar="NAME",
                        help="act as this teammate (default: the first admin, made when there is none)")
    parser.set_defaults(run=chat)


def chat(args: argparse.Namespace) -> int:
    from bots import console

    db = open_configured_database()
    migrate.upgrade(db)
    with db.connection_context():
        user = local_operator(args.as_user)
    console.run(user)
    return 0
