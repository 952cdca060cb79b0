"""remind: when, customer, text."""
import pytest

REMIND = [
    ("remind me to call cyberdyne tomorrow", {"when": "2026-11-26", "customer": "Cyberdyne Systems"}),
    ("remind me friday to send pied piper the invoice", {"when": "2026-11-27", "customer": "Pied Piper"}),
    ("set a reminder for dec 1 to renew the oscorp contract", {"when": "2026-12-01", "customer": "Oscorp Industries"}),
    ("ping me next monday about planet express", {"when": "2026-11-30", "customer": "Planet Express"}),
    ("reminder: follow up with gekko in 5 days", {"when": "2026-11-30", "customer": "Gekko & Co"}),
    ("remind me in a week to check on rekall", {"when": "2026-12-02", "customer": "Rekall Inc"}),
    ("don't let me forget to email blue sun on thursday", {"when": "2026-11-26", "customer": "Blue Sun Corporation"}),
    ("remind me on 2026-12-20 to prepare the board deck", {"when": "2026-12-20"}),
    ("remind me end of next month to review pricing", {"when": "2026-12-31"}),
    ("nudge me tomorrow about the northwind renewal", {"when": "2026-11-26", "customer": "Northwind Traders"}),
    ("remind me next week to call Frobozz", {"when": "2026-11-30", "customer": "Frobozz"}),
    ("remind me on the 30th to send contoso the quote", {"when": "2026-11-30", "customer": "Contoso Ltd"}),
    ("Remind me January 5th to call fabrikam", {"when": "2027-01-05", "customer": "Fabrikam Inc"}),
    ("remind me in 2 days: tailspin toys renewal", {"when": "2026-11-27", "customer": "Tailspin Toys"}),
    ("remind me 3 December to chase woodgrove bank", {"when": "2026-12-03", "customer": "Woodgrove Bank"}),
    ("remind me this friday to prep for trey research", {"when": "2026-11-27", "customer": "Trey Research"}),
    ("set reminder tmrw: send fourth coffee the deck", {"when": "2026-11-26", "customer": "Fourth Coffee"}),
    ("remind me at the end of the week to update the forecast", {"when": "2026-11-27"}),
    ("remind me in a fortnight to check the Q1 numbers", {"when": "2026-12-09"}),
    ("remind me to call mom", {}),
]


@pytest.mark.parametrize("text, slots", REMIND)
def test_remind(check, text, slots):
    check(text, "remind", slots)


def test_the_text_drops_the_cue_and_the_date(check):
    result = check("remind me tomorrow to send the contract", "remind", {"when": "2026-11-26"})
    assert result.slots["text"] == "send the contract"


@pytest.mark.parametrize("text, when", [("remind me at 3pm to call rekall", "2026-11-25"),
                                        ("remind me in an hour to ping virtucon", "2026-11-25"),
                                        ("remind me at 3pm tomorrow to call rekall", "2026-11-26")])
def test_a_time_of_day_alone_means_today(check, text, when):
    check(text, "remind", {"when": when})
