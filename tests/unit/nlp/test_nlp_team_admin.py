"""Team admin said in chat (issue 15 item 7): the intent, the slots, and what the bot would do with them."""
from __future__ import annotations

import pytest

from crm_core import commands as c
from crm_core.nlp_commands import parse

from .conftest import NOW, assert_parse


@pytest.mark.parametrize(("text", "intent", "slots"), [
    ("add Wendy Hart as a rep, wendy@ourco.io", "add_teammate", {"user": "Wendy Hart", "role": "rep",
                                                                "email": "wendy@ourco.io"}),
    ("onboard Karl Jung as a manager on the nordics team", "add_teammate",
     {"user": "Karl Jung", "role": "manager", "team": "nordics"}),
    ("make wendy an admin", "set_role", {"user": "wendy", "role": "admin"}),
    ("demote karl to rep", "set_role", {"user": "karl", "role": "rep"}),
    ("put wendy on the emea team", "set_team", {"user": "wendy", "team": "emea"}),
    ("karl's territory is now iberia", "set_team", {"user": "karl", "territory": "iberia"}),
    ("move karl to team nordics", "set_team", {"user": "karl", "team": "nordics"}),  # the team's name after "team"
    ("wendy is now on team emea", "set_team", {"user": "wendy", "team": "emea"}),
    ("deactivate karl and give his work to wendy", "deactivate_user", {"user": "karl", "reassign_to": "wendy"}),
    ("offboard karl, reassign everything to wendy", "deactivate_user", {"user": "karl", "reassign_to": "wendy"}),
    ("give all of Karl's accounts to Wendy", "reassign_work", {"from_user": "karl", "to_user": "wendy",
                                                               "what": "customers"}),
    ("transfer all of karl's deals to wendy", "reassign_work", {"from_user": "karl", "to_user": "wendy",
                                                                "what": "deals"}),
    ("give my tickets to wendy", "reassign_work", {"from_user": "me", "to_user": "wendy", "what": "tickets"}),
    # a surname that is also a customer's word, a team said without a role, the name after a colon
    ("we hired anna schmidt, add her as a rep on the emea team", "add_teammate",
     {"user": "anna schmidt", "role": "rep", "team": "emea"}),
    ("add wendy gekko as a rep", "add_teammate", {"user": "wendy gekko", "role": "rep"}),  # Gekko & Co is a customer
    ("can u add jonas weber to the dach team pls", "add_teammate", {"user": "jonas weber", "team": "dach"}),
    ("new hire starting monday: leo park, sales rep, leo.park@ourco.io", "add_teammate",
     {"user": "leo park", "role": "rep", "email": "leo.park@ourco.io"}),
    ("give me all of sam's follow ups", "reassign_work", {"from_user": "sam", "to_user": "me", "what": "reminders"}),
    ("offboard jonas, everything to maria", "deactivate_user", {"user": "jonas", "reassign_to": "maria"}),
    ("sam is leaving, shut off his login", "deactivate_user", {"user": "sam"}),
    ("bob no longer works here, deactivate", "deactivate_user", {"user": "bob"}),
    ("set tom as manager", "set_role", {"user": "tom", "role": "manager"}),
    ("downgrade bob to rep", "set_role", {"user": "bob", "role": "rep"}),
    ("lucy should be on the west team", "set_team", {"user": "lucy", "team": "west"}),
    ("assign the uk territory to tom", "set_team", {"user": "tom", "territory": "uk"}),
    ("bob's accounts to maria pls", "reassign_work", {"from_user": "bob", "to_user": "maria", "what": "customers"}),
    ("deactivate chloe's account and move her open work to ethan", "deactivate_user",
     {"user": "chloe", "reassign_to": "ethan"}),  # a first name is no typo ("chose")
])
def test_team_admin_is_understood(resolver, text, intent, slots):
    assert_parse(parse(text, NOW, resolver), intent, slots)


@pytest.mark.parametrize(("text", "intent"), [
    ("give virtucon to maria", "update_customer"),  # one customer: a customer edit, not a bulk move
    ("move the virtucon deals to proposal", "move_deal"),
    ("add Nina Petrova, CFO at Virtucon, nina@virtucon.com", "add_contact"),
    ("add Nina Petrova, procurement manager at Virtucon", "add_contact"),  # a job title, not a teammate's role
    ("add tag reseller to virtucon", "update_customer"),  # "reseller" is no "seller"
    ("add Kwik-E-Mart, email apu@kwikemart.example", "add_customer"),
    ("new hire starts monday, be nice", "unknown"),
    ("onboard Tailspin Toys - email ops@tailspin.example", "add_customer"),  # customers are onboarded too
    ("is wendy a manager?", "unknown"),  # a question never writes
    ("kevin's territory is so big he never sleeps lol", "unknown"),  # a remark about a territory sets none
    ("who's on the virtucon team", "show_customer"),  # a customer's people, not ours
    ("the team loved the demo", "unknown"),
    ("show team digest", "show_digest"),  # no team called "digest"
    ("add virtucon to team west", "unknown"),  # a customer is no new teammate
    ("add virtucon to the west team", "unknown"),
    ("team emea crushed it this quarter", "unknown"),
])
def test_near_misses_stay_what_they_are(resolver, text, intent):
    assert parse(text, NOW, resolver).intent == intent


@pytest.mark.parametrize(("text", "slots"), [
    ("who's on the team?", {}), ("who is on my team", {"team": "me"}), ("list the west team as csv",
                                                                          {"team": "west", "csv": True}),
    ("who are my teammates", {"team": "me"}), ("show me the whole team", {}),
    ("who is on team nordics?", {"team": "nordics"}), ("list team emea as csv", {"team": "emea", "csv": True}),
])
def test_who_is_on_the_team_is_a_question(resolver, text, slots):
    said = parse(text, NOW, resolver)
    assert (said.intent, said.slots) == ("show_team", slots) and said.commands[0].action == "answer"


def test_deactivation_and_bulk_moves_are_confirmed_and_the_others_act(resolver):
    assert parse("deactivate karl and give his work to wendy", NOW, resolver).frame.action == "confirm"
    assert parse("give all of karl's accounts to wendy", NOW, resolver).frame.action == "confirm"
    assert parse("make wendy a manager", NOW, resolver).frame.action == "confirm"
    assert parse("put wendy on the emea team", NOW, resolver).frame.action == "act"
    assert parse("give all of karl's accounts to wendy", NOW, resolver).to_command() == \
        c.ReassignWork(from_user="karl", to_user="wendy", what="customers")


def test_team_lead_is_no_stage_and_moves_nothing(resolver):
    said = parse("move karl to team lead", NOW, resolver)
    assert "stage" not in said.slots and said.frame.action != "act"
