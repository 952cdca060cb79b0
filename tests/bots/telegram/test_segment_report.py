"""On Telegram (issue 14 item 5): a manager asks how segments moved and gets the flows, with a chart as a photo."""
from __future__ import annotations

from datetime import timedelta

from crm_core.models import Customer, SegmentChange, User, utcnow
from tests.bots.telegram.conftest import BOB, add_customer


def test_segment_moves_with_a_chart(bot, tg_api, database):
    User.create(name="Mona Manager", role="manager", email="mona@crm.example", telegram_user_id=BOB.id)
    at = utcnow() - timedelta(days=1)
    for name, (before, after) in {"Acme": ("champions", "at_risk"), "Hooli": ("champions", "at_risk"),
                                  "Initech": ("loyal", "champions")}.items():
        customer = add_customer(name)
        SegmentChange.create(customer=customer, from_segment=before, to_segment=after, as_of=at.date(), changed_at=at)
        Customer.update(segment=after).where(Customer.id == customer.id).execute()
    tg_api.message(BOB, "how have segments moved this month chart")
    said = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]["text"]
    assert "Segment moves" in said and "champions" in said and "at risk" in said
    lines = [line for line in said.splitlines() if "at risk" in line and "champions" in line]
    assert lines and lines[0].split()[-1] == "2"
    [photo] = tg_api.wait_for("sendPhoto")
    assert str(photo.get("chat_id")) == str(BOB.id)
