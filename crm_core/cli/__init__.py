"""The `crm` command: each module of this package registers its subcommands (`register(subparsers)`)."""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from crm_core.errors import CrmError

SUBCOMMAND_MODULES = ("db", "data", "parse", "chat", "analytics", "workers", "telegram", "slack", "run", "digest",
                      "merge")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crm", description="A chat-first CRM.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        module = __import__(f"crm_core.cli.{name}", fromlist=["register"])
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return args.run(args) or 0
    except CrmError as exc:
        print(f"crm: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
