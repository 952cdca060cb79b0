"""On Telegram: a manager's "重新评分" runs the scoring job on the worker and the answer comes back to their chat;
a rep's "rescore now" is refused (issue 15 item 9)."""
from __future__ import annotations

from peewee import fn

import bots.telegram.senders  # noqa: F401  (the "telegram." sender)

from crm_core.models import AnalyticsRequest, CustomerScore, Order, User
from tests.bots.telegram.conftest import ALICE, BOB, outbox_rows, payload
from tests.integration.analytics_seed import clear_run_tables, seed_buyers
from workers.actors import analytics
from workers.actors.outbox import deliver


def test_a_manager_rescores_from_telegram_and_a_rep_is_refused(bot, tg_api, database):
    clear_run_tables()
    seed_buyers(40)
    User.create(name="Rita Rep", role="rep", email="rita@crm.example", telegram_user_id=ALICE.id)
    User.create(name="Mona Manager", role="manager", email="mona@crm.example", telegram_user_id=BOB.id)
    tg_api.message(ALICE, "rescore now")
    assert "can't do that" in tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0]["text"]
    assert AnalyticsRequest.select().count() == 0

    tg_api.message(BOB, "重新评分")
    assert "重新评分" in tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]["text"]
    [run] = outbox_rows("analytics.run")
    analytics.run_requested(**payload(run))  # what the "analytics.run" sender queues
    buyers = Order.select(fn.COUNT(fn.DISTINCT(Order.customer))).scalar()
    assert CustomerScore.select().count() == buyers
    [answer] = outbox_rows("telegram.message")
    assert deliver(answer.id).status == "sent"
    said = tg_api.wait_for("sendMessage", chat_id=BOB.id, after=1)[-1]["text"]
    assert f"已为 {buyers:,} 个客户重新评分" in said  # asked in Chinese, answered in Chinese
