"""A ticket card shows the latest 10 messages of a long conversation, says "Showing 10 of 130." and offers
Earlier messages: More pages through every other message (notes included) in place, none twice, in Chinese
for a Chinese-speaking rep; every payload as real Slack takes it."""
from __future__ import annotations

from crm_core.models import User
from tests.bots.long_ticket import MESSAGE, MESSAGES, NUMBER, long_ticket, message_bodies
from tests.bots.slack.conftest import button_named, buttons, text_of


def _labels(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in buttons(blocks)]


def _read_all(slack, card, more: str, earlier: str) -> tuple[list[str], str]:
    """Every message the card and its pages show, pressing More until there is none; the last page's text."""
    said = text_of(card.args["blocks"])
    seen = MESSAGE.findall(said)
    slack.press(button_named(card.args["blocks"], earlier))
    for pressed in range(2, MESSAGES):
        page = slack.api.wait_for("response", pressed)[pressed - 1]
        assert page.args["replace_original"] is True
        said = text_of(page.args["blocks"])
        seen += MESSAGE.findall(said)
        if more not in _labels(page.args["blocks"]):
            return seen, said
        slack.press(button_named(page.args["blocks"], more))
    raise AssertionError("More never ended")


def test_earlier_messages_pages_through_the_whole_conversation(slack):
    long_ticket(User.get(User.name == "Maria Lopez"))
    slack.command(f"status of #{NUMBER}")
    [card] = slack.api.wait_for("response")
    said = text_of(card.args["blocks"])
    assert f"Showing 10 of {MESSAGES}." in said and "Earlier messages" in _labels(card.args["blocks"])
    seen, last = _read_all(slack, card, "More", "Earlier messages")
    assert f"Showing 121–{MESSAGES} of {MESSAGES}." in last and f"Ticket #{NUMBER}: Printer on fire" in last
    assert len(seen) == len(set(seen)) == MESSAGES and set(seen) == message_bodies()
    slack.api.assert_all_valid()


def test_a_chinese_speaking_rep_reads_the_pages_in_chinese(slack):
    maria = User.get(User.name == "Maria Lopez")
    User.update(language="zh").where(User.id == maria.id).execute()
    long_ticket(maria)
    slack.command(f"工单#{NUMBER}的情况")
    [card] = slack.api.wait_for("response")
    assert f"显示 {MESSAGES} 条中的 10 条。" in text_of(card.args["blocks"])
    slack.press(button_named(card.args["blocks"], "更早的消息"))
    page = slack.api.wait_for("response", 2)[1]
    said = text_of(page.args["blocks"])
    assert f"显示第 11–20 条，共 {MESSAGES} 条。" in said and f"工单 #{NUMBER}" in said
    assert "更多" in _labels(page.args["blocks"]) and "Ticket #" not in said
    slack.api.assert_all_valid()
