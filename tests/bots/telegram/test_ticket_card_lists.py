"""A rep's ticket card on Telegram shows the latest 10 messages of a long conversation, says "Showing 10 of 130."
and its Earlier messages button (callback_data within 64 bytes) turns the message, page by page, into every other
message, none twice, each page within Telegram's 4096 characters; in Chinese for a Chinese-speaking rep."""
from __future__ import annotations

from crm_core.models import User
from tests.bots.long_ticket import MESSAGE, MESSAGES, NUMBER, long_ticket, message_bodies
from tests.bots.telegram.conftest import BOB
from tests.bots.telegram.test_card_lists import _buttons
from tests.bots.telegram.test_rep_long_lists import maria  # noqa: F401 - the rep Bob writes as


def _read_all(tg_api, card: dict, more: str, earlier: str) -> tuple[list[str], str]:
    seen = MESSAGE.findall(card["text"])
    tg_api.press(BOB, _buttons(card)[earlier])
    tg_api.wait_for("editMessageText", chat_id=BOB.id)
    card_id = max(tg_api.messages)
    for turned in range(1, MESSAGES):
        page = tg_api.messages[card_id]
        seen += MESSAGE.findall(page["text"])
        if more not in _buttons(page):
            return seen, page["text"]
        tg_api.press(BOB, _buttons(page)[more])
        tg_api.wait_for("editMessageText", chat_id=BOB.id, after=turned)
    raise AssertionError("More never ended")


def test_earlier_messages_turns_the_card_into_the_whole_conversation(bot, tg_api, maria):  # noqa: F811
    long_ticket(maria)
    tg_api.message(BOB, f"status of #{NUMBER}")
    card = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert f"Showing 10 of {MESSAGES}." in card["text"]
    assert all(len(data.encode()) <= 64 for data in _buttons(card).values())
    seen, last = _read_all(tg_api, card, "More", "Earlier messages")
    assert f"Showing 121–{MESSAGES} of {MESSAGES}." in last and len(tg_api.sent(BOB.id)) == 1
    assert len(seen) == len(set(seen)) == MESSAGES and set(seen) == message_bodies()


def test_a_chinese_speaking_rep_pages_the_conversation_in_chinese(bot, tg_api, maria):  # noqa: F811
    User.update(language="zh").where(User.id == maria.id).execute()
    long_ticket(maria)
    tg_api.message(BOB, f"工单#{NUMBER}的情况")
    card = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert f"显示 {MESSAGES} 条中的 10 条。" in card["text"]
    tg_api.press(BOB, _buttons(card)["更早的消息"])
    tg_api.wait_for("editMessageText", chat_id=BOB.id)
    page = tg_api.messages[max(tg_api.messages)]
    assert f"显示第 11–20 条，共 {MESSAGES} 条。" in page["text"] and f"工单 #{NUMBER}" in page["text"]
    assert "更多" in _buttons(page) and "Ticket #" not in page["text"]
