"""In Slack (issue 14 item 5): "who moved from champions to at risk" lists the rep's customers that did, and
"segment sizes chart" posts the sizes then the PNG; valid Block Kit."""
from __future__ import annotations

from datetime import timedelta

from crm_core.models import Customer, SegmentChange, User, utcnow
from tests.bots.slack.conftest import text_of


def dm(text: str, n: int) -> dict:
    ts = f"17000005{n:02d}.000100"
    return {"type": "message", "channel_type": "im", "user": "UMARIA", "text": text, "ts": ts, "channel": "D0MARIA",
            "event_ts": ts}


def moved(customer: Customer, before: str, after: str, days_ago: float) -> None:
    at = utcnow() - timedelta(days=days_ago)
    SegmentChange.create(customer=customer, from_segment=before, to_segment=after, as_of=at.date(), changed_at=at)
    Customer.update(segment=after).where(Customer.id == customer.id).execute()


def test_who_moved_and_segment_sizes_with_a_chart(slack, customers):
    maria = User.get(User.email == "maria@crm.example")
    Customer.update(owner=maria).execute()
    moved(customers["acme"], "champions", "at_risk", 3)
    moved(customers["globex"], "champions", "loyal", 2)
    moved(customers["acme_labs"], "champions", "at_risk", 40)  # before the window: not a move of this month
    slack.event(dm("who moved from champions to at risk", 1))
    [posted] = slack.api.wait_for("chat.postMessage")
    shown = text_of(posted.args["blocks"])
    assert "Moved from champions to at risk" in shown and "Acme Corporation" in shown
    assert "Globex" not in shown and "Acme Labs" not in shown

    slack.event(dm("segment sizes chart", 2))
    sizes = slack.api.wait_for("chat.postMessage", 2)[1]
    shown = text_of(sizes.args["blocks"])
    assert "Segment sizes" in shown and "at risk" in shown and "+1" in shown
    slack.api.wait_for("files.completeUploadExternal")
    [png] = slack.api.uploads()
    assert png.startswith(b"\x89PNG")
