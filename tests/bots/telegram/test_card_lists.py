"""A rep's customer card (and a manager's digest) on Telegram says "Showing 10 of 37." under a list it cuts and offers a More button per
list (callback_data within 64 bytes) that turns the message into the rest, page by page, in place."""
from __future__ import annotations

import re

from crm_core.models import Customer, User
from tests.bots.long_cards import DEALS, TICKETS, busy_customer, open_deal_titles
from tests.bots.long_digest import AT_RISK, at_risk_customers, at_risk_names
from tests.bots.telegram.conftest import BOB
from tests.bots.telegram.test_rep_long_lists import maria  # noqa: F401 - the rep Bob writes as

DEAL_TITLE = re.compile(r"Deal \d\d")
RISKY = re.compile(r"Risky \d\d GmbH")


def _buttons(sent: dict) -> dict[str, str]:
    markup = sent.get("reply_markup") or {"inline_keyboard": []}
    return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}


def test_more_deals_turns_the_card_into_the_rest_of_the_deals_in_place(bot, tg_api, maria):  # noqa: F811
    acme = busy_customer(maria)
    tg_api.message(BOB, "show Acme Corp")
    card = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert f"Showing 10 of {DEALS}." in card["text"] and f"Showing 10 of {TICKETS}." in card["text"]
    pressed = _buttons(card)
    assert {"More deals", "Whole history", "More tickets"} <= set(pressed)
    assert all(len(data.encode()) <= 64 for data in pressed.values())
    seen = DEAL_TITLE.findall(card["text"])

    tg_api.press(BOB, pressed["More deals"])
    tg_api.wait_for("editMessageText", chat_id=BOB.id)
    card_id = max(tg_api.messages)
    page = tg_api.messages[card_id]
    assert f"Showing 11–30 of {DEALS}." in page["text"] and len(tg_api.sent(BOB.id)) == 1
    seen += DEAL_TITLE.findall(page["text"])[-20:]

    tg_api.press(BOB, _buttons(page)["More"])
    tg_api.wait_for("editMessageText", chat_id=BOB.id, after=1)
    last = tg_api.messages[card_id]
    assert f"Showing 31–{DEALS} of {DEALS}." in last["text"] and "More" not in _buttons(last)
    seen += DEAL_TITLE.findall(last["text"])[-(DEALS - 30):]
    assert len(seen) == len(set(seen)) and set(seen) == open_deal_titles(Customer.get_by_id(acme.id))


def test_the_digest_counts_the_customers_at_risk_and_more_pages_through_them(bot, tg_api, maria):  # noqa: F811
    User.update(role="manager").where(User.id == maria.id).execute()
    at_risk_customers()
    tg_api.message(BOB, "show my digest")
    digest = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert f"Showing 5 of {AT_RISK}." in digest["text"]
    pressed = _buttons(digest)
    assert set(pressed) == {"More at risk"} and len(pressed["More at risk"].encode()) <= 64
    seen = RISKY.findall(digest["text"])

    tg_api.press(BOB, pressed["More at risk"])
    tg_api.wait_for("editMessageText", chat_id=BOB.id)
    digest_id = max(tg_api.messages)
    for turned in range(1, 4):
        page = tg_api.messages[digest_id]
        seen += RISKY.findall(page["text"])
        if "More" not in _buttons(page):
            break
        tg_api.press(BOB, _buttons(page)["More"])
        tg_api.wait_for("editMessageText", chat_id=BOB.id, after=turned)
    assert f"Showing 46–{AT_RISK} of {AT_RISK}." in page["text"] and len(tg_api.sent(BOB.id)) == 1
    assert len(seen) == len(set(seen)) == AT_RISK and set(seen) == at_risk_names()


def test_a_chinese_speaking_rep_pages_in_chinese(bot, tg_api, maria):  # noqa: F811
    User.update(language="zh").where(User.id == maria.id).execute()
    busy_customer(maria)
    tg_api.message(BOB, "Acme Corp的情况怎么样")
    card = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert f"显示 {DEALS} 条中的 10 条。" in card["text"]
    tg_api.press(BOB, _buttons(card)["更多商机"])
    tg_api.wait_for("editMessageText", chat_id=BOB.id)
    assert f"显示第 11–30 条，共 {DEALS} 条。" in tg_api.messages[max(tg_api.messages)]["text"]


def test_the_pages_behind_more_have_chinese_headings(bot, tg_api, maria):  # noqa: F811
    User.update(language="zh").where(User.id == maria.id).execute()
    busy_customer(maria)
    tg_api.message(BOB, "Acme Corp的情况怎么样")
    card = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    tg_api.press(BOB, _buttons(card)["更多工单"])
    tg_api.wait_for("editMessageText", chat_id=BOB.id)
    page = tg_api.messages[max(tg_api.messages)]["text"]
    assert "Acme Corp的处理中/等待回复工单" in page and "tickets" not in page
