"""`crm merge DUPLICATE KEPT` and `crm duplicates`: cleaning up customers entered twice."""
from __future__ import annotations

import argparse
import shlex
import sys

from crm_core import bus, migrate, permissions
from crm_core import commands as c
from crm_core.cli.common import open_configured_database
from crm_core.clock import utcnow
from crm_core.context import Context
from crm_core.results import Rejected
from crm_core.services import customer_merge, lookup
from crm_core.services.duplicates import find_duplicates
from crm_core.services.users import local_operator


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "merge", help="merge the customer DUPLICATE into KEPT (shows what moves; --yes to do it)",
        description="Merge DUPLICATE into KEPT: its deals, activities, tickets, orders, reminders, contacts and "
                    "Telegram link move to KEPT, KEPT takes the email, phone, city or owner it lacks, and "
                    "DUPLICATE is deleted. Without --yes nothing is written. The acting user can undo it.")
    parser.add_argument("duplicate", metavar="DUPLICATE", help="the customer that goes (a name, or #id)")
    parser.add_argument("kept", metavar="KEPT", help="the customer that stays (a name, or #id)")
    parser.add_argument("--yes", action="store_true", help="merge; without it, only show what would move")
    parser.add_argument("--as", dest="as_user", metavar="NAME", help="the teammate acting (default: the first admin)")
    parser.set_defaults(run=merge)

    parser = subparsers.add_parser("duplicates", help="list likely duplicate customers with a score")
    parser.add_argument("--min-score", type=float, default=0.8, help="list pairs scoring at least this (0-1)")
    parser.add_argument("--limit", type=int, default=50, help="at most this many pairs (default 50)")
    parser.add_argument("--archived", action="store_true", help="include archived customers")
    parser.set_defaults(run=duplicates)


def merge(args: argparse.Namespace) -> int:
    db = open_configured_database()
    migrate.upgrade(db)
    with db.connection_context():
        actor = local_operator(args.as_user)
        ctx = Context(user=actor, channel="cli", now=utcnow())
        (dup_name, dup_id), (kept_name, kept_id) = _named(args.duplicate), _named(args.kept)
        command = c.MergeCustomers(customer=dup_name, customer_id=dup_id, into=kept_name, into_id=kept_id)
        if not args.yes:
            dup, kept = lookup.customer(ctx, dup_name, dup_id), lookup.customer(ctx, kept_name, kept_id)
            print(customer_merge.describe(customer_merge.plan(dup, kept), done=False))
            print(f"Nothing was changed. To merge: crm merge {shlex.quote(args.duplicate)} "
                  f"{shlex.quote(args.kept)} --yes")
            return 0
    result = bus.handle(command, actor, channel="cli")
    if isinstance(result, Rejected):
        print("crm: " + result.message + (f" {result.hint}" if result.hint else ""), file=sys.stderr)
        for option in result.options:
            print(f"  {option.label}", file=sys.stderr)
        return 2
    print(result.message)
    return 0


def _named(said: str) -> tuple[str | None, int | None]:
    """"#12" is customer id 12; anything else is a name."""
    text = said.strip()
    if text.startswith("#") and text[1:].isdigit():
        return None, int(text[1:])
    return text, None


def duplicates(args: argparse.Namespace) -> int:
    db = open_configured_database()
    migrate.upgrade(db)
    with db.connection_context():
        permissions.require(local_operator(None), "report.view")
        pairs = find_duplicates(args.min_score, args.limit, args.archived)
    if not pairs:
        print(f"No likely duplicates (score ≥ {args.min_score:.2f}).")
        return 0
    print(f"{len(pairs)} likely duplicate pair{'s' if len(pairs) != 1 else ''} (score ≥ {args.min_score:.2f}):")
    for pair in pairs:
        print(f"{pair.score:.2f}  {_label(pair.first)}  ~  {_label(pair.second)}   ({'; '.join(pair.reasons)})")
        print(f"      crm merge '#{pair.second.id}' '#{pair.first.id}'   # keeps {pair.first.name}")
    return 0


def _label(customer) -> str:
    extra = ", ".join(x for x in (customer.city, customer.email, customer.phone) if x)
    return f"{customer.name} (#{customer.id}{', ' + extra if extra else ''})"
