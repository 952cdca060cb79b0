"""Random names and texts through every Slack renderer: each payload is one real Slack accepts (checked by the
fake's Block Kit rules), and nothing a user typed becomes a broadcast, a mention or a channel link.
FUZZ_EXAMPLES=10000 runs the issue's full count."""
from __future__ import annotations

import dataclasses
import os
import types
import typing
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bots.slack import blocks, digest_blocks, support
from bots.slack import report_blocks as reports
from bots.slack.blocks import Asker
from crm_core import results as r
from tests.fakes import block_kit

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
CONTROL = ("<!channel>", "<!here>", "<@U0ADMIN>", "<#C0GENERAL>", "<!subteam^S1>", "&", "<", ">", "&amp;", "*", "`")
HOSTILE = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(CONTROL) | st.text(max_size=5), max_size=40).map("".join),
    st.sampled_from(CONTROL).map(lambda s: s * 700),  # long and growing when escaped
)
ASKER = Asker("slack:C1:", "UMARIA")
RESULT_TYPES = sorted({*blocks.RENDERERS, *reports.RENDERERS, r.Written, r.Question, r.CustomerAdded,
                       r.ActivityLogged, r.CustomerInvited} - {r.Digest}, key=lambda t: t.__name__)
UNSAFE = ("<!", "<@", "<#")


def _of(kind: Any) -> st.SearchStrategy:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is str:
        return HOSTILE
    if kind is bool:
        return st.booleans()
    if kind is int:
        return st.integers(0, 10**6)
    if kind is float:
        return st.floats(0, 1e9)
    if kind is object:  # a table's cell: text, a number or nothing
        return st.one_of(HOSTILE, st.integers(-10**9, 10**9), st.floats(-1e9, 1e9), st.none())
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(_of(a) for a in args))
    if kind is type(None):
        return st.none()
    if origin is tuple and args[-1] is not Ellipsis:  # a fixed pair such as a chart's (label, value)
        return st.tuples(*(_of(a) for a in args))
    if origin is tuple:
        return st.lists(_of(args[0]), max_size=60).map(tuple)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        made = st.builds(kind, **{f.name: _of(hints[f.name]) for f in dataclasses.fields(kind) if f.init})
        return made.filter(_possible)
    raise TypeError(f"no strategy for {kind!r}")


def _possible(result: Any) -> bool:
    """What the services can return: a rating count comes with its average; a table's rows have its columns."""
    if isinstance(result, r.Table) and any(len(row) != len(result.columns) for row in result.rows):
        return False
    return not (getattr(result, "csat_count", 0) and getattr(result, "csat_average", 0) is None)


def _mrkdwn(node: Any) -> list[str]:
    """Every text Slack parses for mentions and links: mrkdwn text objects (plain_text is shown as is)."""
    if isinstance(node, dict):
        own = [node["text"]] if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str) else []
        return own + [t for value in node.values() for t in _mrkdwn(value)]
    if isinstance(node, list):
        return [t for item in node for t in _mrkdwn(item)]
    return []


def _accepted(payload: dict[str, Any]) -> None:
    block_kit.check_message(payload)
    parsed = "\n".join([payload.get("text") or "", *_mrkdwn(payload.get("blocks") or [])])
    assert not any(mark in parsed for mark in UNSAFE), [m for m in UNSAFE if m in parsed]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(RESULT_TYPES).flatmap(_of), st.booleans())
def test_every_result_renders_a_message_slack_accepts_with_user_text_escaped(result, share):
    _accepted(blocks.message([result], ASKER, share=share))  # share: the buttons under a private report


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(RESULT_TYPES).flatmap(_of), min_size=2, max_size=8))
def test_several_results_in_one_message_stay_within_slack_limits(results):
    _accepted(blocks.message(results, ASKER))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(customer=HOSTILE, subject=HOSTILE, body=HOSTILE, names=st.lists(HOSTILE, max_size=12))
def test_ticket_cards_slack_accepts_with_the_customers_words_escaped(customer, subject, body, names):
    payload = {"ticket": 1001, "event": "customer_message", "customer": customer, "subject": subject,
               "body": body, "attachments": [{"name": n, "size": 10, "kind": "document"} for n in names]}
    _accepted(support.card(payload))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=HOSTILE, sections=st.lists(st.tuples(HOSTILE, st.lists(HOSTILE, max_size=30)), max_size=12))
def test_digests_slack_accepts(title, sections):
    _accepted({"text": "digest", "blocks": digest_blocks.blocks(title or "Digest", sections)})
