"""Reports in Slack (issue 14): a report asked for in the bot's DM is a valid Block Kit table; asked with "chart",
its PNG follows as a file in the same conversation."""
from __future__ import annotations

from datetime import timedelta

from crm_core.clock import utcnow
from crm_core.models import Deal, User
from tests.bots.slack.conftest import text_of


def dm(text: str, n: int) -> dict:
    ts = f"17000004{n:02d}.000100"
    return {"type": "message", "channel_type": "im", "user": "UMARIA", "text": text, "ts": ts, "channel": "D0MARIA",
            "event_ts": ts}


def test_a_report_with_a_chart_posts_the_table_then_the_png(slack, customers):
    maria = User.get(User.email == "maria@crm.example")
    Deal.create(customer=customers["acme"].id, title="acme renewal", stage="won", amount=12000, currency="EUR",
                owner=maria.id, closed_at=utcnow() - timedelta(days=1), created_at=utcnow() - timedelta(days=20))
    slack.event(dm("leaderboard chart", 1))
    [posted] = slack.api.wait_for("chat.postMessage")
    text = text_of(posted.args["blocks"])
    assert "Leaderboard: deals won" in text and "Maria Lopez" in text and "€12,000.00" in text
    slack.api.wait_for("files.completeUploadExternal")
    [png] = slack.api.uploads()
    assert png.startswith(b"\x89PNG")
    slack.api.assert_all_valid()


def test_without_chart_no_file_is_posted(slack, customers):
    slack.event(dm("win rate this month", 2))
    [posted] = slack.api.wait_for("chat.postMessage")
    assert "Win rate" in text_of(posted.args["blocks"])
    slack.api.quiet()
    assert slack.api.uploads() == []
    slack.api.assert_all_valid()
