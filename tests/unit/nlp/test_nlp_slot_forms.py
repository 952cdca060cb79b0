"""Slots written in reps' short forms: whose dollar ("a$25k", "R$ 90k"), a day that is no ticket ("close 15 dec"),
a deal that slipped to a date, a possessive name that is no typo, a courtesy word that is no part of a name."""
import pytest


@pytest.mark.parametrize("text, currency", [
    ("contoso deal is a$25k not 20", "AUD"),
    ("contoso deal is R$ 90k now", "BRL"),
    ("new deal with contoso, a $60k deal", "USD"),
])
def test_the_letter_against_the_dollar_sign_names_the_currency(check, text, currency):
    check(text, "update_deal" if "deal is" in text else "create_deal", {"currency": currency})


def test_a_day_before_a_month_is_no_ticket(check):
    result = check("new deal contoso 120k, close 15 dec", "create_deal", {"expected_close": "2026-12-15"})
    assert all(frame.intent != "update_ticket" for frame in result.commands)


def test_closing_a_bare_number_is_still_a_ticket(check):
    check("close 15", "update_ticket", {"ticket": 15, "status": "closed"})


def test_a_deal_that_slipped_closes_on_the_last_date_said(check):
    check("contoso deal slipped to next month, make it dec 20", "update_deal", {"expected_close": "2026-12-20"})


def test_a_capitalised_possessive_is_a_name_not_a_typo(check):
    check("give Chloe's pipeline to Ethan", "reassign_work", {"from_user": "chloe", "to_user": "ethan"})


def test_please_is_no_part_of_a_new_customer_name(check):
    check("add weyland yutani pls", "add_customer", {"customer": "Weyland Yutani"})


def test_the_end_of_a_grammar_word_is_a_name_not_a_typo(check):
    check("new deal vance refrigeration $30k", "create_deal", {"customer": "vance refrigeration", "amount": 30000})


@pytest.mark.parametrize("text, when", [
    ("can u remind me on friday at half 3 to call contoso", "2026-11-27T15:30"),
    ("remind me friday at half past 2 to call contoso", "2026-11-27T14:30"),
    ("remind me tomorrow at quarter to 4 to email contoso", "2026-11-26T15:45"),
    ("remind me friday at quarter past 11 to email contoso", "2026-11-27T11:15"),
])
def test_half_and_quarter_hours_are_read(check, text, when):
    check(text, "remind", {"when": when})
