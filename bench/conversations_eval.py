"""The multi-turn conversation tests as a measure: how many conversations and messages, how many messages wrote
something nobody meant (the worst defect), and the share that did what the rep meant.

    python bench/conversations_eval.py            # every conversation, SQLite only
    python bench/conversations_eval.py --postgres # the PostgreSQL repeats too (needs 127.0.0.1:5432)

Each message's outcome comes from tests/integration/conversations.py, which checks the replies and, from the
audit log, exactly what the message wrote.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(str(p) for p in (ROOT / "tests" / "integration").glob("test_conversations*.py"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="also run the cases repeated on PostgreSQL")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    selection = [] if args.postgres else ["-k", "not postgres"]
    code = pytest.main(["-q", "-p", "no:cacheprovider", "--no-header", "-o", "console_output_style=classic",
                        *selection, "--deselect", _share_test(), *FILES])
    from tests.integration.conversations import conversations_run, tally
    total = sum(tally.values())
    if not total:
        print("no conversation ran", file=sys.stderr)
        return 1
    print(f"conversations: {conversations_run['scripts']}")
    print(f"messages: {total}")
    print(f"did what the rep meant: {tally['meant']} ({tally['meant'] / total:.1%})")
    print(f"wrong writes: {tally['wrong write']}")
    print(f"missed (a wrong reply or a write that did not happen): {tally['missed']}")
    return int(code)


def _share_test() -> str:
    """The test that asserts the share over the session: the figures are printed here instead."""
    return "tests/integration/test_conversations_corrections.py::test_zz_share_of_messages_that_did_what_the_rep_meant"


if __name__ == "__main__":
    raise SystemExit(main())
