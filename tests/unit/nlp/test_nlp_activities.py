"""log_activity: the kind, the customer, the follow-up date (now = Wednesday 2026-11-25)."""
import pytest

CASES = [
    ("log a call with cyberdyne systems, they're interested in the upgrade", {"kind": "call", "customer": "Cyberdyne Systems"}),
    ("called pied piper about renewal, follow up tuesday", {"kind": "call", "customer": "Pied Piper", "follow_up": "2026-12-01"}),
    ("just had a meeting with oscorp, they need pricing", {"kind": "meeting", "customer": "Oscorp Industries"}),
    ("spoke to the planet express team today, follow-up next week", {"kind": "call", "customer": "Planet Express", "follow_up": "2026-11-30"}),
    ("emailed gekko the NDA", {"kind": "email", "customer": "Gekko & Co"}),
    ("sent an email to weyland yutani re: onboarding docs", {"kind": "email", "customer": "Weyland-Yutani Corp"}),
    ("note for spacely sprockets: CFO is leaving in january", {"kind": "note", "customer": "Spacely Sprockets"}),
    ("add note to cogswell cogs - wants quarterly invoicing", {"kind": "note", "customer": "Cogswell Cogs"}),
    ("quick note on virtucon, they switched to annual billing", {"kind": "note", "customer": "Virtucon"}),
    ("met w/ rekall at their office, went fine. f/u in 10 days", {"kind": "meeting", "customer": "Rekall Inc", "follow_up": "2026-12-05"}),
    ("had lunch with the duff brewing guys, follow up dec 15", {"kind": "meeting", "customer": "Duff Brewing Company", "follow_up": "2026-12-15"}),
    ("demo'd the product to blue sun yesterday", {"kind": "meeting", "customer": "Blue Sun Corporation"}),
    ("phoned northwind traders, left a voicemail", {"kind": "call", "customer": "Northwind Traders"}),
    ("log meeting: contoso, quarterly business review, follow up on the 3rd", {"kind": "meeting", "customer": "Contoso Ltd", "follow_up": "2026-12-03"}),
    ("Logged a call w/ Fabrikam - they want a discount. Follow up Monday.", {"kind": "call", "customer": "Fabrikam Inc", "follow_up": "2026-11-30"}),
    ("visited tailspin toys HQ, follow up in two weeks", {"kind": "meeting", "customer": "Tailspin Toys", "follow_up": "2026-12-09"}),
    ("coffee with wide world importers this morning - went great", {"kind": "meeting", "customer": "Wide World Importers"}),
    ("called adventure works, no answer", {"kind": "call", "customer": "Adventure Works"}),
    ("Rang Fourth Coffee re the espresso order, chase them tomorrow", {"kind": "call", "customer": "Fourth Coffee", "follow_up": "2026-11-26"}),
    ("email to woodgrove bank about the loan docs, f/u eow", {"kind": "email", "customer": "Woodgrove Bank", "follow_up": "2026-11-27"}),
    ("Talked with Krämer & Söhne, they want the German contract", {"kind": "call", "customer": "Krämer & Söhne KG"}),
    ("talked to kraemer & soehne about the rollout", {"kind": "call", "customer": "Krämer & Söhne KG"}),
    ("had a call with chateau lafleur, follow up on friday", {"kind": "call", "customer": "Château Lafleur SA", "follow_up": "2026-11-27"}),
    ("zoom call with dangelo bakery, they loved it", {"kind": "call", "customer": "D'Angelo Bakery"}),
    ("spoke w kwik e mart manager, follow up thurs", {"kind": "call", "customer": "Kwik-E-Mart", "follow_up": "2026-11-26"}),
    ("meeting with Pied Piper went long. next: send the SOW. follow up 2026-12-07", {"kind": "meeting", "customer": "Pied Piper", "follow_up": "2026-12-07"}),
    ("log an email to humongous insurance: sent the policy draft", {"kind": "email", "customer": "Humongous Insurance"}),
    ("pls log a call w/ trey research, they're not ready yet 🙁", {"kind": "call", "customer": "Trey Research"}),
    ("log a call with Frobozz Magic Company, demo next week", {"kind": "call", "customer": "Frobozz Magic Company"}),
    ("Met with Initrode today, good vibes", {"kind": "meeting", "customer": "Initrode"}),
    ("cyberdne systms called back, they want a quote", {"kind": "call", "customer": "Cyberdyne Systems"}),
    ("fjallraven visit went well, f/u on dec 2", {"kind": "meeting", "customer": "Fjällräven AB", "follow_up": "2026-12-02"}),
    ("LOG CALL WITH OSCORP. FOLLOW UP FRIDAY", {"kind": "call", "customer": "Oscorp Industries", "follow_up": "2026-11-27"}),
    ("big kahuna burger dinner last night, they want catering software; circle back next wed", {"kind": "meeting", "customer": "Big Kahuna Burger", "follow_up": "2026-12-02"}),
    ("wrote to monarch foods about the late payment", {"kind": "email", "customer": "Monarch Foods"}),
    ("<@U0G9QF9C6> had a quick chat on the phone with blue sky partners, call back in 3 days", {"kind": "call", "customer": "Blue Sky Partners", "follow_up": "2026-11-28"}),
    ("jot down for open road travel: prefers whatsapp", {"kind": "note", "customer": "Open Road Travel"}),
]


@pytest.mark.parametrize("text, slots", CASES)
def test_log_activity(check, text, slots):
    check(text, "log_activity", slots)


def test_the_summary_is_what_is_left(check):
    result = check("log a call with cyberdyne, they want a demo, follow up friday", "log_activity")
    assert result.slots["summary"] == "they want a demo"
    assert "follow" not in check("called pied piper, budget approved. f/u tmrw", "log_activity").slots["summary"]


def test_a_date_without_a_follow_up_cue_is_not_a_follow_up(check):
    result = check("note on rekall: new CFO starting monday", "log_activity", {"kind": "note"})
    assert "follow_up" not in result.slots


def test_the_first_customer_named_is_the_one(check):
    check("log a call with pied piper about the planet express partnership", "log_activity",
          {"customer": "Pied Piper"})


def test_a_phone_emoji_is_a_call(check):
    check("📞 virtucon - no answer - f/u fri", "log_activity",
          {"kind": "call", "customer": "Virtucon", "follow_up": "2026-11-27"})


def test_a_phone_or_an_email_as_a_thing_is_no_activity(check):
    check("cyberdyne released a new phone lol", "unknown")
    check("called cyberdyne, their phone number changed", "log_activity", {"kind": "call", "customer": "Cyberdyne Systems"})
