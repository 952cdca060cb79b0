"""`crm db upgrade` and `crm db status`."""
from __future__ import annotations

import argparse

from crm_core import migrate
from crm_core.cli.common import open_configured_database


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="database schema: upgrade, status")
    actions = parser.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    actions.add_parser("upgrade", help="apply pending migrations").set_defaults(run=upgrade)
    actions.add_parser("status", help="list migrations and whether each is applied").set_defaults(run=status)


def upgrade(args: argparse.Namespace) -> int:
    applied = migrate.upgrade(open_configured_database())
    print("Applied: " + ", ".join(applied) if applied else "The database is up to date.")
    return 0


def status(args: argparse.Namespace) -> int:
    for state in migrate.status(open_configured_database()):
        when = state.applied_at.strftime("%Y-%m-%d %H:%M:%S") if state.applied_at else "pending"
        print(f"{state.name:<32} {when}")
    return 0
