"""The `crm` command: each module of this package registers its subcommands (`register(subparsers)`)."""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from crm_core.errors import CrmError

SUBCOMMAND_MODULES = ("db", "data", "parse", "chat", "analytics", "workers", "telegram", "slack", "run", "digest",
                      "merge", "team", "rates")


# `crm parse` answers in well under a second only if the other subcommands' imports (pandas, the bus) are not loaded
FAST_PATHS = {"parse": ("parse",)}


def build_parser(modules: Sequence[str] = SUBCOMMAND_MODULES) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crm", description="A chat-first CRM.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in modules:
        module = __import__(f"crm_core.cli.{name}", fromlist=["register"])
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    command = next((word for word in given if not word.startswith("-")), None)
    args = build_parser(FAST_PATHS.get(command or "", SUBCOMMAND_MODULES)).parse_args(given)
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
