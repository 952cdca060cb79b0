"""`crm rates import FILE` and `crm rates list`: exchange rates to the base currency (CRM_CURRENCY) that reports
convert with. An import writes every row or, when one is bad, none (the bad rows are listed on stderr)."""
from __future__ import annotations

import argparse
import sys

from crm_core import migrate
from crm_core.cli.common import open_configured_database
from crm_core.clock import utcnow
from crm_core.context import Context
from crm_core.services import rates
from crm_core.services.users import local_operator
from crm_core.commands import ShowRates

BAD_ROWS_SHOWN = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("rates", help="exchange rates: import a CSV file, list the latest")
    actions = parser.add_subparsers(dest="rates_action", required=True, metavar="ACTION")
    imported = actions.add_parser("import", help="CSV columns date,currency,rate (1 currency = rate base currency)")
    imported.add_argument("file", metavar="FILE")
    imported.add_argument("--as", dest="as_user", metavar="NAME",
                          help="the admin the import is recorded under (default: the first admin)")
    imported.set_defaults(run=import_rates)
    actions.add_parser("list", help="each currency's latest rate and its date").set_defaults(run=list_rates)


def import_rates(args: argparse.Namespace) -> int:
    db = open_configured_database()
    migrate.upgrade(db)
    with db.connection_context(), db.atomic():
        report = rates.import_rates(args.file, Context(user=local_operator(args.as_user), channel="cli", now=utcnow()))
    if report.bad:
        print(f"crm: {args.file}: {len(report.bad)} bad row(s); nothing was imported.", file=sys.stderr)
        for line, why in report.bad[:BAD_ROWS_SHOWN]:
            print(f"  line {line}: {why}", file=sys.stderr)
        if len(report.bad) > BAD_ROWS_SHOWN:
            print(f"  ... and {len(report.bad) - BAD_ROWS_SHOWN} more bad rows", file=sys.stderr)
        return 2
    print(f"Imported {report.written} exchange rate(s) from {args.file}.")
    return 0


def list_rates(args: argparse.Namespace) -> int:
    db = open_configured_database()
    migrate.upgrade(db)
    with db.connection_context():
        table = rates.show_rates(ShowRates(), Context(user=local_operator(), channel="cli", now=utcnow()))
    if not table.rows:
        print(table.empty)
    for currency, rate, day in table.rows:
        print(f"{currency}\t{rate}\t{day}")
    return 0
