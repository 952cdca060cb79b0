"""Random names and texts through every Slack renderer, the issue's 10,000 by default: prints how many
payloads Slack would refuse (the strict Block Kit fake) or that let user text become `<!`, `<@`, `<#`.

    python bench/fuzz_slack_blocks.py [examples]
"""
from __future__ import annotations

import collections
import os
import sys
import time
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bots.slack import blocks  # noqa: E402
from tests.bots.slack.test_fuzz_blocks import ASKER, RESULT_TYPES, _accepted, _of  # noqa: E402


def run(examples: int) -> tuple[int, collections.Counter]:
    seen, invalid = [0], collections.Counter()

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck),
              phases=(Phase.generate,), database=None)
    @given(st.lists(st.sampled_from(RESULT_TYPES).flatmap(_of), min_size=1, max_size=8))
    def one(results: list[Any]) -> None:
        seen[0] += 1
        try:
            _accepted(blocks.message(results, ASKER))
        except AssertionError as error:
            invalid[f"{type(results[0]).__name__}: {str(error)[:120]}"] += 1

    one()
    return seen[0], invalid


def main() -> None:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    started = time.perf_counter()
    seen, invalid = run(examples)
    print(f"payloads: {seen:,}  invalid or unescaped: {sum(invalid.values()):,}  "
          f"({time.perf_counter() - started:.0f} s)")
    for reason, count in invalid.most_common(15):
        print(f"  {count:6,}  {reason}")


if __name__ == "__main__":
    main()
