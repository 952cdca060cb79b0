"""Random names and texts through every Slack renderer, the issue's 10,000 of each by default: prints how
many payloads Slack would refuse (the strict Block Kit fake) or that let user text become `<!`, `<@`, `<#`.
Then the same through every Telegram renderer: how many messages Telegram would refuse (entities, length,
buttons, 64-byte callback_data: tests/fakes/telegram_api.check_message).

    python bench/fuzz_slack_blocks.py [examples]
"""
from __future__ import annotations

import collections
import os
import sys
import time
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bots.slack import blocks, digest_blocks, support  # noqa: E402
from tests.bots.slack.test_fuzz_blocks import ASKER, HOSTILE, RESULT_TYPES, _accepted, _of  # noqa: E402
from tests.bots.telegram import test_fuzz_render as tg  # noqa: E402
from tests.fakes import block_kit  # noqa: E402
from tests.fakes.telegram_api import Refused  # noqa: E402


BATCH = 500  # one Hypothesis run each: its memory grows with the examples it has seen

RESULTS = st.lists(st.sampled_from(RESULT_TYPES).flatmap(_of), min_size=1, max_size=8).map(
    lambda results: blocks.message(results, ASKER))
CARDS = st.tuples(HOSTILE, HOSTILE, HOSTILE, st.lists(HOSTILE, max_size=12)).map(
    lambda t: support.card({"ticket": 1001, "event": "customer_message", "customer": t[0], "subject": t[1],
                            "body": t[2], "attachments": [{"name": n, "size": 10, "kind": "document"} for n in t[3]]}))
DIGESTS = st.tuples(HOSTILE, st.lists(st.tuples(HOSTILE, st.lists(HOSTILE, max_size=30)), max_size=12)).map(
    lambda t: {"text": "digest", "blocks": digest_blocks.blocks(t[0] or "Digest", t[1])})
RENDERED = {"results (every result type, 1-8 per message)": RESULTS, "ticket cards": CARDS, "digests": DIGESTS}
TELEGRAM = {
    "Telegram: rep results (every result type)": tg.REP_RESULTS.map(tg.render.rep),
    "Telegram: customer results": tg.CUSTOMER_RESULTS.map(tg.render.customer),
    "Telegram: notifications (rating, agent reply, notice, digest)": tg.NOTIFICATIONS.map(
        lambda kind_payload: tg.render.notification(*kind_payload)),
    "Telegram: digests": st.tuples(tg.HOSTILE, tg.SECTIONS).map(
        lambda t: tg.render.Reply(tg.render.digest_html(t[0] or "Digest", t[1]))),
}


def run(payloads: st.SearchStrategy, examples: int, check=_accepted) -> tuple[int, collections.Counter]:
    seen, invalid = [0], collections.Counter()

    def one(payload: Any) -> None:
        seen[0] += 1
        try:
            check(payload)
        except (AssertionError, block_kit.Invalid, Refused) as error:
            invalid[str(error)[:120]] += 1

    for batch, start in enumerate(range(0, examples, BATCH)):
        runs = settings(max_examples=min(BATCH, examples - start), deadline=None, database=None,
                        suppress_health_check=list(HealthCheck), phases=(Phase.generate,))
        seed(batch)(runs(given(payloads)(one)))()
    return seen[0], invalid


def main() -> None:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    checks = [(name, payloads, _accepted) for name, payloads in RENDERED.items()]
    checks += [(name, payloads, tg.accepted) for name, payloads in TELEGRAM.items()]
    only = os.environ.get("FUZZ_ONLY", "").split(",")  # e.g. FUZZ_ONLY=Telegram or FUZZ_ONLY="rep results,digests"
    for name, payloads, check in checks:
        if not any(part in name for part in only):
            continue
        started = time.perf_counter()
        seen, invalid = run(payloads, examples, check)
        print(f"{name}: payloads {seen:,}, invalid or unescaped {sum(invalid.values()):,} "
              f"({time.perf_counter() - started:.0f} s)", flush=True)
        for reason, count in invalid.most_common(10):
            print(f"  {count:6,}  {reason}")


if __name__ == "__main__":
    main()
