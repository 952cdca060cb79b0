"""Contacts in chat: adding, listing, changing and removing the people at a customer, and who a log was with."""
from __future__ import annotations

import pytest

from crm_core import commands as c


@pytest.mark.parametrize("text, slots", [
    ("add Dana Ruiz, CFO at Cyberdyne Systems, dana@cyberdyne.example",
     {"contact": "Dana Ruiz", "customer": "Cyberdyne Systems", "title": "CFO", "email": "dana@cyberdyne.example"}),
    ("add dana ruiz cfo at pied piper", {"contact": "dana ruiz", "customer": "Pied Piper", "title": "cfo"}),
    ("new contact at virtucon: priya shah, head of procurement",
     {"contact": "priya shah", "customer": "Virtucon", "title": "head of procurement"}),
    ("add tom becker to rekall inc as vp sales", {"contact": "tom becker", "customer": "Rekall Inc", "title": "vp sales"}),
    ("add ravi patel, cto at fourth coffee, telegram @ravi_patel",
     {"contact": "ravi patel", "customer": "Fourth Coffee", "telegram": "ravi_patel"}),
    ("add Dana Ruiz, CFO at Zorblax", {"contact": "Dana Ruiz", "customer": "Zorblax"}),  # nobody knows Zorblax
])
def test_adding_a_contact(check, text, slots):
    check(text, "add_contact", slots)


@pytest.mark.parametrize("text", ["contacts at Virtucon", "who do we know at virtucon", "virtucon contacts",
                                  "show contacts for virtucon", "who do we know at virtucon?"])
def test_listing_contacts_is_a_read(check, text):
    result = check(text, "show_contacts", {"customer": "Virtucon"})
    assert not result.to_command().writes


@pytest.mark.parametrize("text, slots", [
    ("change Dana's email to dana@x.example", {"contact": "Dana", "email": "dana@x.example"}),
    ("Dana is now VP Finance", {"contact": "Dana", "title": "VP Finance"}),
    ("dana ruiz's phone is +1 555 0100 now", {"contact": "dana ruiz", "phone": "+1 555 0100"}),
    ("set dana's telegram to @dana_ruiz", {"contact": "dana", "telegram": "dana_ruiz"}),
    ("fyi dana at virtucon got promoted to head of procurement",
     {"contact": "dana", "customer": "Virtucon", "title": "head of procurement"}),
    ("dana's new email is dana.ruiz@virtucon.example", {"contact": "dana", "email": "dana.ruiz@virtucon.example"}),
])
def test_changing_a_contact_changes_only_what_is_said(check, text, slots):
    result = check(text, "update_contact", slots)
    assert set(result.slots) <= set(slots) | {"customer"}


@pytest.mark.parametrize("text, slots", [
    ("remove Dana from Virtucon's contacts", {"contact": "Dana", "customer": "Virtucon"}),
    ("delete contact dana ruiz", {"contact": "dana ruiz"}),
    ("drop contact gus fring", {"contact": "gus fring"}),
])
def test_removing_a_contact_is_confirmed(check, text, slots):
    from crm_core import policy
    result = check(text, "delete_contact", slots)
    assert policy.needs_confirmation(result.to_command())


@pytest.mark.parametrize("text, customer, contact", [
    ("met with Dana from Virtucon", "Virtucon", "Dana"),
    ("call with dana at virtucon", "Virtucon", "dana"),
    ("spoke to Dana Ruiz (Virtucon) about the renewal", "Virtucon", "Dana Ruiz"),
    ("had a call with priya from pied piper, pricing ok, follow up friday", "Pied Piper", "priya"),
])
def test_a_log_names_the_contact_it_was_with(check, text, customer, contact):
    result = check(text, "log_activity", {"customer": customer, "contact": contact})
    command = result.to_command()
    assert isinstance(command, c.LogActivity) and command.contact == contact


@pytest.mark.parametrize("text, intent", [
    ("met with the cfo at virtucon", "log_activity"),  # a role is no contact
    ("who is our contact at virtucon", "show_customer"),  # the card lists the contacts
    ("is dana still at virtucon?", "show_customer"),  # a question never writes
    ("my contact lenses are killing me", "unknown"),
    ("change virtucon's email to info@virtucon.example", "update_customer"),  # the customer's own email
    ("send my reminders on telegram", "set_notify_via"),
])
def test_near_misses(check, text, intent):
    result = check(text, intent)
    assert "contact" not in result.slots
