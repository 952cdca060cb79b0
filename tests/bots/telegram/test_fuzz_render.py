"""Random names and texts through every Telegram renderer (issue 13): each message is one real Telegram accepts
(tests/fakes/telegram_api.check_message: HTML entities balanced and escaped, 1-4096 characters after parsing,
buttons with text, callback_data within 64 bytes, at most 100 buttons). FUZZ_EXAMPLES=10000 runs the full count;
`python bench/fuzz_slack_blocks.py` prints the figures for Telegram too."""
from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bots.telegram import render
from crm_core import results as r
from tests.bots.slack.test_fuzz_blocks import EXAMPLES, HOSTILE, RESULT_TYPES, _of
from tests.fakes.telegram_api import check_message

CUSTOMER_TYPES = (r.TelegramLinked, r.RepLinked, r.NewTicketNext, r.CustomerTicketList,
                  r.TicketRated, r.OutreachOptIn, r.Rejected)
# A table's chart is a PNG sent after the text (sendPhoto), not part of the message checked here: left out, so
# that each example does not draw one.
REP_RESULTS = st.sampled_from(RESULT_TYPES).flatmap(_of).map(
    lambda result: dataclasses.replace(result, chart=()) if isinstance(result, r.Table) else result)
ANSWER_FROM = st.none() | st.datetimes().map(lambda at: at.isoformat())  # the service's ISO time, or none
CUSTOMER_RESULTS = st.sampled_from(CUSTOMER_TYPES).flatmap(_of) | _of(r.SupportReceived).flatmap(lambda result: ANSWER_FROM.map(
        lambda at: dataclasses.replace(result, answer_from=at)))
SECTIONS = st.lists(st.tuples(HOSTILE, st.lists(HOSTILE, max_size=30)), max_size=12)
NOTIFICATIONS = st.one_of(
    st.tuples(st.just("telegram.csat"), st.fixed_dictionaries({"ticket": st.integers(1, 10**9), "subject": HOSTILE})),
    st.tuples(st.just("telegram.message"), st.fixed_dictionaries({"ticket": st.integers(1, 10**9), "text": HOSTILE})),
    st.tuples(st.just("telegram.notice"), st.fixed_dictionaries({"text": HOSTILE, "actions": st.lists(
        st.fixed_dictionaries({"label": HOSTILE, "command": st.just({"command": "complete_reminder", "reminder": 7})}),
        max_size=4)})),
    st.tuples(st.just("telegram.digest"), st.fixed_dictionaries({"title": HOSTILE, "sections": SECTIONS.map(
        lambda parts: [{"title": title, "lines": lines} for title, lines in parts])})),
)


def accepted(reply: render.Reply) -> None:
    check_message(reply.text, "HTML", reply.markup.to_dict() if reply.markup is not None else None)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(REP_RESULTS)
def test_every_rep_result_renders_a_message_telegram_accepts(result):
    accepted(render.rep(result))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(CUSTOMER_RESULTS)
def test_every_customer_result_renders_a_message_telegram_accepts(result):
    accepted(render.customer(result))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(NOTIFICATIONS)
def test_every_notification_renders_a_message_telegram_accepts(notification: tuple[str, dict[str, Any]]):
    accepted(render.notification(*notification))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=HOSTILE, sections=SECTIONS)
def test_digests_telegram_accepts(title, sections):
    accepted(render.Reply(render.digest_html(title or "Digest", sections)))
