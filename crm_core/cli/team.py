"""`crm reassign FROM TO` and `crm deactivate USER`: team admin's bulk work from the terminal (issue 15 item 7).

Without --yes they only show what would move; with it they run through the bus as the acting teammate (default: the
first admin), audited like the chat's, so "undo" in `crm chat --as` the same teammate takes them back.
"""
from __future__ import annotations

import argparse
import shlex
import sys

from crm_core import bus, migrate
from crm_core import commands as c
from crm_core.cli.common import open_configured_database
from crm_core.clock import utcnow
from crm_core.context import Context
from crm_core.results import Rejected
from crm_core.services import team_admin
from crm_core.services.users import local_operator


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reassign", help="give a teammate's customers (or deals, tickets, reminders, all) to another (--yes to do it)",
        description="Give FROM's customers (or their open deals, open tickets, pending reminders, or all of it) "
                    "to TO. Without --yes nothing is written: it says how many move and the first few names.")
    parser.add_argument("source", metavar="FROM", help="whose work (a name or an email)")
    parser.add_argument("target", metavar="TO", help="who takes it over (an active teammate)")
    parser.add_argument("--what", default="customers", choices=sorted(team_admin.WHAT), help="default: customers")
    _common(parser, reassign)

    parser = subparsers.add_parser(
        "deactivate", help="deactivate a teammate, their open work going to another (--yes to do it)",
        description="Deactivate USER: they can no longer use the CRM; their customers, open deals, open tickets "
                    "and pending reminders go to --to. Without --yes nothing is written.")
    parser.add_argument("user", metavar="USER", help="the teammate (a name or an email)")
    parser.add_argument("--to", dest="reassign_to", metavar="NAME", help="who takes over their open work")
    _common(parser, deactivate)


def _common(parser: argparse.ArgumentParser, run) -> None:
    parser.add_argument("--yes", action="store_true", help="do it; without it, only show what would move")
    parser.add_argument("--as", dest="as_user", metavar="NAME", help="the teammate acting (default: the first admin)")
    parser.set_defaults(run=run)


def reassign(args: argparse.Namespace) -> int:
    command = c.ReassignWork(from_user=args.source, to_user=args.target, what=args.what)
    again = f"crm reassign {shlex.quote(args.source)} {shlex.quote(args.target)} --what {args.what} --yes"
    return _run(command, args, again)


def deactivate(args: argparse.Namespace) -> int:
    command = c.DeactivateUser(user=args.user, reassign_to=args.reassign_to)
    to = f" --to {shlex.quote(args.reassign_to)}" if args.reassign_to else ""
    return _run(command, args, f"crm deactivate {shlex.quote(args.user)}{to} --yes")


def _run(command: c.DeactivateUser | c.ReassignWork, args: argparse.Namespace, again: str) -> int:
    db = open_configured_database()
    migrate.upgrade(db)
    with db.connection_context():
        actor = local_operator(args.as_user)
        if not args.yes:
            with db.atomic():
                print(team_admin.describe(command, Context(user=actor, channel="cli", now=utcnow())) + ".")
            print(f"Nothing was changed. To do it: {again}")
            return 0
    result = bus.handle(command, actor, channel="cli")
    if isinstance(result, Rejected):
        print("crm: " + result.message + (f" {result.hint}" if result.hint else ""), file=sys.stderr)
        return 2
    print(result.message)
    return 0
