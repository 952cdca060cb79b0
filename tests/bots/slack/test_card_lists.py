"""A customer card cuts its lists (10 open deals, 5 activities, 10 open tickets) and says so: "Showing 10 of 37."
with a More button per list that pages through the rest in place of the card, the last page without More."""
from __future__ import annotations

import re

from crm_core.models import Customer, User
from tests.bots.long_cards import ACTIVITIES, DEALS, TICKETS, busy_customer, open_deal_titles
from tests.bots.slack.conftest import button_named, buttons, text_of

DEAL_TITLE = re.compile(r"Deal \d\d")


def _labels(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in buttons(blocks)]


def test_more_deals_pages_through_every_open_deal_of_the_customer(slack):
    acme = busy_customer(User.get(User.name == "Maria Lopez"))
    slack.command("show Acme Corp")
    [card] = slack.api.wait_for("response")
    said = text_of(card.args["blocks"])
    assert f"Showing 10 of {DEALS}." in said and f"Showing 5 of {ACTIVITIES}." in said
    assert f"Showing 10 of {TICKETS}." in said
    assert {"More deals", "Whole history", "More tickets"} <= set(_labels(card.args["blocks"]))
    seen = DEAL_TITLE.findall(said)
    assert len(seen) == 10

    slack.press(button_named(card.args["blocks"], "More deals"))
    second = slack.api.wait_for("response", 2)[1]
    assert second.args["replace_original"] is True
    said = text_of(second.args["blocks"])
    assert f"Showing 11–30 of {DEALS}." in said
    seen += DEAL_TITLE.findall(said.split("Showing")[0])[-20:]

    slack.press(button_named(second.args["blocks"], "More"))
    last = slack.api.wait_for("response", 3)[2]
    said = text_of(last.args["blocks"])
    assert f"Showing 31–{DEALS} of {DEALS}." in said and "More" not in _labels(last.args["blocks"])
    seen += DEAL_TITLE.findall(said)[-(DEALS - 30):]
    assert len(seen) == len(set(seen)) and set(seen) == open_deal_titles(Customer.get_by_id(acme.id))
    slack.api.assert_all_valid()


def test_a_card_that_fits_has_no_more_and_no_count(slack):
    slack.command("add customer Tiny Ltd")
    slack.api.wait_for("response")
    slack.command("show Tiny Ltd")
    card = slack.api.wait_for("response", 2)[1]
    assert "Showing" not in text_of(card.args["blocks"]) and not {"More deals", "More tickets"} & set(
        _labels(card.args["blocks"]))
    slack.api.assert_all_valid()


def test_a_chinese_speaking_rep_reads_the_count_and_the_button_in_chinese(slack):
    maria = User.get(User.name == "Maria Lopez")
    User.update(language="zh").where(User.id == maria.id).execute()
    busy_customer(maria)
    slack.command("Acme Corp的情况怎么样")
    [card] = slack.api.wait_for("response")
    said = text_of(card.args["blocks"])
    assert f"显示 {DEALS} 条中的 10 条。" in said and "更多商机" in _labels(card.args["blocks"])
    slack.press(button_named(card.args["blocks"], "更多商机"))
    second = slack.api.wait_for("response", 2)[1]
    assert f"显示第 11–30 条，共 {DEALS} 条。" in text_of(second.args["blocks"])
    slack.api.assert_all_valid()


def test_the_pages_behind_more_have_chinese_headings_for_a_chinese_speaking_rep(slack):
    maria = User.get(User.name == "Maria Lopez")
    User.update(language="zh").where(User.id == maria.id).execute()
    busy_customer(maria)
    slack.command("Acme Corp的情况怎么样")
    [card] = slack.api.wait_for("response")
    slack.press(button_named(card.args["blocks"], "更多工单"))
    tickets = text_of(slack.api.wait_for("response", 2)[1].args["blocks"])
    assert "Acme Corp的处理中/等待回复工单" in tickets and "tickets" not in tickets
    slack.press(button_named(card.args["blocks"], "更多商机"))
    deals = text_of(slack.api.wait_for("response", 3)[2].args["blocks"])
    assert "（客户：Acme Corp）" in deals and " for " not in deals
    slack.api.assert_all_valid()
