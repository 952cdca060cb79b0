"""A digest in each medium: console text, Slack blocks, Telegram HTML (valid as Telegram parses it)."""
from __future__ import annotations

from bots import console
from bots.slack import blocks as slack_blocks
from bots.slack.digest_blocks import from_payload
from bots.telegram import render as telegram
from crm_core import results as r
from crm_core.digest import text
from tests.fakes.telegram_api import _CheckHtml

DIGEST = r.Digest(
    manager="Mona <Manager> & Co", since="2026-11-24T07:00:00", until="2026-11-25T07:00:00",
    timezone="Europe/Berlin",
    deals=r.DealFlow(created=3, created_amount=7200.0, moved=2, won=1, won_amount=2500.0, lost=1, lost_amount=4000.0,
                     biggest_won=(r.DigestDeal(7, "Big <one>", "Acme & Sons", 2500.0, "EUR", "Maria Lopez"),)),
    activity=(r.RepActivity("Maria Lopez", 2, 1), r.RepActivity("Sam Lee", 1, 0)),
    tickets=r.TicketFlow(opened=4, resolved=2, rated=2, csat_average=4.5),
    segments=(r.SegmentShift("at_risk", 12, (("champions", 3), ("loyal", 9))),),
    at_risk=(r.AtRiskCustomer(5, "Globex", 0.82, 1200.0, "at_risk", "Sam Lee", 4000.0),),
    pipeline=(r.StageTotal("lead", 2, 1000.0), r.StageTotal("qualified", 0, 0.0), r.StageTotal("proposal", 1, 2500.0),
              r.StageTotal("negotiation", 0, 0.0)),
)


def test_console_prints_every_section_in_the_managers_time():
    out = console.render(DIGEST)
    assert out.startswith("Digest for Mona <Manager> & Co: Tue 24 Nov 08:00 to Wed 25 Nov 08:00 (Europe/Berlin)")
    for line in ("3 created (7,200), 2 moved forward or back, 1 won (2,500), 1 lost (4,000)",
                 "won: Big <one> (Acme & Sons) 2,500 EUR, Maria Lopez", "Maria Lopez: 2 calls, 1 meeting",
                 "4 opened, 2 resolved, satisfaction 4.5/5 from 2 ratings",
                 "12 customers moved into at risk (3 from champions, 9 from loyal)",
                 "Globex: 82% churn risk, spent 4,000 in the last year, value 1,200, at risk, owner Sam Lee", "lead 2 (1,000)"):
        assert line in out


def test_slack_blocks_have_a_header_and_escaped_sections_without_undo():
    made = slack_blocks.render(DIGEST, slack_blocks.Asker("k", "U1"))
    assert made[0]["type"] == "header" and made[0]["text"]["text"].startswith("Digest for Mona <Manager> & Co")
    bodies = [block["text"]["text"] for block in made[1:]]
    assert bodies[0].startswith("*Deals*\n• 3 created") and "Big &lt;one&gt; (Acme &amp; Sons)" in bodies[0]
    assert all(block["type"] != "actions" for block in made)
    assert from_payload({"title": text.title(DIGEST), "sections": [
        {"title": t, "lines": lines} for t, lines in text.sections(DIGEST)]}) == slack_blocks.render(
        DIGEST, slack_blocks.Asker("k", "U1"))


def test_telegram_html_is_valid_and_the_same_from_the_result_and_from_an_outbox_row():
    reply = telegram.rep(DIGEST)
    checker = _CheckHtml()
    checker.feed(reply.text)
    assert checker.error is None and not checker.open
    assert reply.text.startswith("<b>Digest for Mona &lt;Manager&gt; &amp; Co")
    assert "<b>Tickets</b>\n• 4 opened" in reply.text
    payload = {"chat_id": 1, "title": text.title(DIGEST),
               "sections": [{"title": t, "lines": lines} for t, lines in text.sections(DIGEST)]}
    assert telegram.notification("telegram.digest", payload).text == reply.text


def test_a_subscription_answer_offers_undo_everywhere():
    answer = r.DigestSubscribed(message="I'll send you a digest every day at 08:00 (UTC) on Slack.")
    assert slack_blocks.render(answer, slack_blocks.Asker("k", "U1"))[-1]["type"] == "actions"
    assert telegram.rep(answer).markup is not None and console.render(answer) == answer.message
