"""Outreach results in the console, Block Kit and Telegram HTML: the figures a manager reads."""
from __future__ import annotations

from bots import console
from bots.slack.blocks import Asker, message, render
from bots.telegram import render as telegram
from crm_core import i18n
from crm_core import results as r

PROGRESS = r.OutreachProgress(campaign_id=7, segment="at_risk", total=3000, sent=1200, failed=4, waiting=1796,
                              failures=(r.FailureCount("bot blocked", 4),), started_at="2026-11-25T10:00:00")
QUEUED = r.OutreachQueued(message="Sending to 312 customers in at_risk (outreach #7); about 16 seconds.",
                          campaign_id=7, recipients=312, in_segment=340, segment="at_risk",
                          preview="Hi Ana, just checking in <3")


def test_console_shows_progress_as_the_issue_words_it():
    assert console.render(PROGRESS) == \
        "Outreach #7 to at risk: 1,200 / 3,000 sent, 4 failed (bot blocked), 1,796 waiting"
    assert console.render(QUEUED).endswith("First message: “Hi Ana, just checking in <3”")


def test_slack_shows_the_figures_and_the_failure_reasons():
    blocks = render(PROGRESS, Asker("slack:C1:", "U1"))
    text = " ".join(b.get("text", {}).get("text", "") or b.get("elements", [{}])[0].get("text", "") for b in blocks)
    assert "*1,200 / 3,000* sent, 4 failed, 1,796 waiting" in text and "4 bot blocked" in text
    queued = message([QUEUED], Asker("slack:C1:", "U1"))
    assert "Hi Ana, just checking in &lt;3" in str(queued["blocks"])  # escaped for mrkdwn
    assert not any(b["type"] == "actions" for b in queued["blocks"])  # no Undo: the messages go out


def test_telegram_escapes_and_keeps_the_figures():
    assert "1,200 / 3,000 sent" in telegram.rep(PROGRESS).text
    assert "&lt;3" in telegram.rep(QUEUED).text
    assert "/subscribe" in telegram.customer(r.OutreachOptIn(opt_in=False)).text


def test_a_chinese_speaking_manager_reads_how_the_outreach_is_going_in_chinese():
    progress = r.OutreachProgress(campaign_id=7, segment="at_risk", total=3000, sent=1200, failed=5, waiting=1796,
                                  failures=(r.FailureCount("bot blocked", 4), r.FailureCount("opted out", 1)))
    with i18n.speaking(i18n.CHINESE):
        said = console.render(progress)
        blocks = str(render(progress, Asker("slack:C1:", "U1")))
    assert said == "给有流失风险分群的群发 #7：已发送 1,200 / 3,000，5 条失败（已屏蔽机器人 4 个，已退订 1 个），1,796 条待发送"
    assert "已发送 *1,200 / 3,000*" in blocks and "失败：已屏蔽机器人 4 个，已退订 1 个" in blocks
