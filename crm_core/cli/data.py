"""`crm import`, `crm export`, `crm demo`, `crm backup`, `crm restore`."""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from crm_core import backup as backups
from crm_core import migrate, permissions
from crm_core.cli.common import open_configured_database
from crm_core.services.users import local_operator

if TYPE_CHECKING:
    from crm_core.imports import ImportReport

BAD_ROWS_SHOWN = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("import", help="import customers or orders from a CSV file")
    kinds = parser.add_subparsers(dest="import_kind", required=True, metavar="KIND")
    kinds.add_parser("customers", help="columns name,email,phone,city (more allowed)").set_defaults(run=import_file)
    kinds.add_parser("orders", help="columns customer,date,amount (more allowed)").set_defaults(run=import_file)
    kinds.add_parser("contacts", help="columns name,customer,title,email,phone (telegram too; more allowed)"
                     ).set_defaults(run=import_file)
    for kind in kinds.choices.values():
        kind.add_argument("file", metavar="FILE")
        kind.add_argument("--as", dest="as_user", metavar="NAME",
                          help="the teammate the import is recorded under (default: the first admin)")

    parser = subparsers.add_parser("export", help="export customers to a CSV file")
    kinds = parser.add_subparsers(dest="export_kind", required=True, metavar="KIND")
    customers = kinds.add_parser("customers", help="name,email,phone,city,owner,segment,lifetime_value,created_at,churn_risk,p_alive,expected_purchases_90d,clv")
    customers.add_argument("file", metavar="FILE")
    customers.set_defaults(run=export_file)

    parser = subparsers.add_parser("demo", help="load realistic demo data (once)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.set_defaults(run=demo)

    parser = subparsers.add_parser("backup", help="copy the SQLite database to FILE")
    parser.add_argument("file", metavar="FILE")
    parser.set_defaults(run=backup)
    parser = subparsers.add_parser("restore", help="replace the SQLite database with the backup in FILE")
    parser.add_argument("file", metavar="FILE")
    parser.set_defaults(run=restore)


def import_file(args: argparse.Namespace) -> int:
    db = open_configured_database()
    migrate.upgrade(db)
    from crm_core.imports import import_contacts, import_customers, import_orders  # pandas: loaded only when used

    with db.connection_context():
        actor = local_operator(args.as_user)
        permissions.require(actor, "customer.add")
    importer = {"customers": import_customers, "orders": import_orders, "contacts": import_contacts}[args.import_kind]
    bar = ProgressBar(f"importing {args.import_kind}") if sys.stderr.isatty() else None
    try:
        report = importer(args.file, progress=bar, actor=actor.id)
    finally:
        if bar:
            bar.finish()
    print_report(report, args.file)
    return 0


def print_report(report: ImportReport, source: str) -> None:
    print(f"Imported {report.entity} from {source}: {report.summary()}.")
    for bad_row in report.bad_rows[:BAD_ROWS_SHOWN]:
        print(f"  {bad_row}")
    if report.bad > BAD_ROWS_SHOWN:
        print(f"  ... and {report.bad - BAD_ROWS_SHOWN} more bad rows")


def export_file(args: argparse.Namespace) -> int:
    migrate.upgrade(open_configured_database())
    from crm_core.imports import export_customers

    print(f"Exported {export_customers(args.file)} customers to {args.file}.")
    return 0


def demo(args: argparse.Namespace) -> int:
    db = open_configured_database()
    migrate.upgrade(db)
    from crm_core.demo import load_demo

    report = load_demo(seed=args.seed)
    if report.already_loaded:
        print("demo data already loaded")
        return 0
    print("Loaded demo data:")
    for table, count in report.counts.items():
        print(f"  {table:<20} {count:>6}")
    with db.connection_context():
        segment_and_score_demo()
    return 0


def segment_and_score_demo() -> None:
    """What the nightly jobs would have done, so segments, at-risk lists and scores show from the start."""
    from crm_core.analytics.errors import AnalyticsError
    from crm_core.analytics.jobs import run_scoring, run_segmentation  # pandas, scikit-learn: only here

    try:
        segments = run_segmentation()
        scores = run_scoring()
    except AnalyticsError as exc:
        print(f"Segments and scores were not computed ({exc}); `crm segment` and `crm score` try again.")
        return
    counts = ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in segments.counts.items() if n)
    print(f"Segmented {segments.n_customers} customers ({counts}) and scored {scores.n_customers_scored}; "
          "`crm segment` and `crm score` redo it, the scheduler nightly.")


def backup(args: argparse.Namespace) -> int:
    size = backups.backup(args.file, open_configured_database())
    print(f"Backed up the database to {args.file} ({size:,} bytes).")
    return 0


def restore(args: argparse.Namespace) -> int:
    db = open_configured_database()
    kept = backups.restore(args.file, db)
    applied = migrate.upgrade(db)
    print(f"Restored the database from {args.file}." + (f" Applied: {', '.join(applied)}." if applied else "")
          + (f" {kept} messages sent since the backup stay marked sent, so they are not sent again." if kept else ""))
    return 0


class ProgressBar:
    """A one-line text bar on stderr: `progress(done, total)`."""

    width = 30

    def __init__(self, label: str) -> None:
        self.label = label
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        filled = self.width * done // total if total else self.width
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done:,}/{total:,}")
        sys.stderr.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
