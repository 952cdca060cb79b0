"""Contacts as each front-end shows them: the console's tables, Slack blocks, Telegram HTML (text escaped)."""
from __future__ import annotations

from bots import console
from bots.slack.blocks import Asker, is_private, render
from bots.telegram import render as telegram
from crm_core import results as r
from tests.bots.slack.conftest import button_named, text_of

DANA = r.ContactLine(1, "Dana Ruiz", "CFO <finance>", "dana@initech.example", "+15550100", "dana_ruiz")
LIST = r.ContactList(customer="Initech", customer_id=7, contacts=(DANA,))
CARD = r.CustomerCard(customer_id=7, name="Initech", email=None, phone=None, city="Austin", owner="Maria", segment=None,
                      lifetime_value=None, p_alive=None, revenue=0.0, contacts=(DANA,),
                      activities=(r.ActivityLine("meeting", "budget", "Maria", "2026-11-25", None, "Dana Ruiz"),))


def test_the_console_lists_contacts_and_says_who_an_activity_was_with():
    listed = console.render(LIST)
    assert listed.splitlines()[0] == "Contacts at Initech:"
    assert "Dana Ruiz" in listed and "CFO <finance>" in listed and "@dana_ruiz" in listed
    card = console.render(CARD)
    assert "Contacts:" in card and "With" in card.split("Last activities:")[1]
    empty = console.render(r.ContactList(customer="Hooli", customer_id=8))
    assert empty.startswith("No contacts at Hooli yet.")


def test_slack_shows_contacts_as_a_table_to_the_asker_only():
    made = render(LIST, Asker("slack:C1:", "UMARIA"))
    shown = text_of(made)
    assert "*Contacts at Initech*" in shown and "CFO &lt;finance&gt;" in shown and "```" in shown
    assert is_private(LIST)
    card = text_of(render(CARD, Asker("slack:C1:", "UMARIA")))
    assert "*Contacts*" in card and "Dana Ruiz" in card.split("*Last activities*")[1]


def test_telegram_escapes_contacts_and_offers_undo_on_a_contact_write():
    reply = telegram.rep(LIST)
    assert reply.text.startswith("<pre>") and "CFO &lt;finance&gt;" in reply.text
    added = telegram.rep(r.ContactAdded(message="Added Dana Ruiz, CFO, as a contact at Initech.", contact_id=1))
    assert "Added Dana Ruiz" in added.text
    assert [b.text for row in added.markup.inline_keyboard for b in row] == ["Undo"]
    slack = render(r.ContactUpdated(message="Updated Dana Ruiz (Initech): title CFO → VP Finance.", contact_id=1),
                   Asker("slack:C1:", "UMARIA"))
    assert button_named(slack, "Undo") is not None
