"""What a command can't go without is declared once, on the command (`needs`): the dialogue's question, the parser's
doubt and the frame's "ask" all read it, so a question is asked in the rep's language and names real fields."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

import pytest

from crm_core import commands as c
from crm_core import i18n
from crm_core.nlp.frames import REQUIRED
from crm_core.nlp_commands import parse
from crm_core.resolve import CustomerIndex, CustomerResolver
from crm_core.understanding import missing_slot


@pytest.mark.parametrize("command", [cls for cls in c.COMMANDS.values() if cls.needs], ids=lambda cls: cls.name)
def test_every_need_names_fields_its_command_has(command):
    fields = {f.name for f in dataclasses.fields(command)}
    assert all(set(need.fields) <= fields and need.field in fields for need in command.needs)


def test_the_dialogue_asks_in_the_declared_order():
    assert missing_slot(c.MoveDeal()).name == "customer"
    assert missing_slot(c.MoveDeal(customer="Acme")).name == "stage"
    assert missing_slot(c.MoveDeal(customer="Acme")).choices[0] == "lead"
    assert missing_slot(c.MoveDeal(customer="Acme", reopen=True)) is None
    assert missing_slot(c.UpdateDeal(deal_id=3, amount=0)) is None  # a zero amount was said


def test_a_question_is_filled_with_the_commands_fields_and_said_in_chinese():
    with i18n.speaking(i18n.CHINESE):
        merge = missing_slot(c.MergeTickets(ticket=42)).question
        note = missing_slot(c.AddTicketNote(ticket=42)).question
        outreach = missing_slot(c.SendOutreach(segment="loyal")).question
    assert "#42" in merge and "合并" in merge and "备注" in note
    assert "{first_name}" in outreach  # a placeholder the rep types stays as written


def test_the_parser_doubts_a_frame_missing_what_its_command_needs():
    assert REQUIRED["merge_tickets"] == ("ticket", "into_ticket") and "move_deal" in REQUIRED
    said = parse("move the deal to negotiation", now=datetime(2026, 12, 4, 10, tzinfo=timezone.utc), resolver=CustomerResolver(CustomerIndex.from_names(["Acme"])))
    assert said.commands[0].intent == "move_deal" and said.commands[0].action == "ask"  # no customer said
