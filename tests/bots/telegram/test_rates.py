"""On Telegram, an admin sets an exchange rate in Chinese words and lists the rates (issue 15 item 8)."""
from __future__ import annotations

from crm_core.models import ExchangeRate, User
from tests.bots.telegram.conftest import BOB


def test_an_admin_sets_a_rate_and_lists_it(bot, tg_api, database):
    User.create(name="Ada Admin", role="admin", email="ada@crm.example", telegram_user_id=BOB.id)
    tg_api.message(BOB, "1 GBP = 1.27 USD")
    assert "1 GBP = 1.27 USD" in tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]["text"]
    assert [(r.currency, str(r.rate).rstrip("0")) for r in ExchangeRate.select()] == [("GBP", "1.27")]
    tg_api.message(BOB, "设置欧元汇率为1.08")
    tg_api.wait_for("sendMessage", chat_id=BOB.id, after=1)
    assert {r.currency for r in ExchangeRate.select()} == {"GBP", "EUR"}
    tg_api.message(BOB, "exchange rates")
    listed = tg_api.wait_for("sendMessage", chat_id=BOB.id, after=2)[-1]["text"]
    assert "GBP" in listed and "EUR" in listed and "1.27" in listed
