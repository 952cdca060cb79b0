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
    ("remind me next week to call Frobozz", {"when": "2026-11-30", "text": "call Frobozz"}),
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


@pytest.mark.parametrize("text, says", [
    ("remind me to send a proposal for the new office on monday", "send a proposal for the new office"),
    ("remind me to sign in to the portal by friday", "sign in to the portal"),
    ("remind me to follow up with zorblax on friday", "follow up with zorblax"),  # no such customer: kept in the text
    ("remind me to check in with zorblax tomorrow at 3pm", "check in with zorblax"),
    ("set a reminder for friday to review the deck", "review the deck"),
])
def test_the_task_keeps_its_own_words(check, text, says):
    """Only the cue and the time are taken out: the reminder says what the rep must do, names included."""
    assert check(text, "remind", {}).slots["text"] == says


@pytest.mark.parametrize("text, when", [("remind me at 3pm to call rekall", "2026-11-25T15:00"),
                                        ("remind me in an hour to ping virtucon", "2026-11-25T11:00"),
                                        ("remind me at 3pm tomorrow to call rekall", "2026-11-26T15:00")])
def test_a_time_of_day_alone_means_today(check, text, when):
    assert check(text, "remind", {}).slots["when"] == when


# Said on Wednesday 2026-11-25 at 10:00 (NOW): the time is the user's wall-clock time.
TIMES = [
    ("remind me friday 3pm to call dana", "2026-11-27T15:00", "call dana"),
    ("remind me tomorrow at 9:30 to call cyberdyne", "2026-11-26T09:30", "call cyberdyne"),
    ("remind me in 2 hours to send pied piper the quote", "2026-11-25T12:00", "send the quote"),
    ("remind me in 30 mins to check the invoice", "2026-11-25T10:30", "check the invoice"),
    ("remind me at noon to order lunch", "2026-11-25T12:00", "order lunch"),
    ("remind me tonight to email rekall", "2026-11-25T20:00", "email rekall"),
    ("remind me tonight at 8 to email rekall", "2026-11-25T20:00", "email rekall"),
    ("remind me tomorrow afternoon to call virtucon", "2026-11-26T14:00", "call virtucon"),
    ("remind me dec 3 at 4:15pm to chase woodgrove bank", "2026-12-03T16:15", "chase woodgrove bank"),
    ("remind me at 9am to prep the demo", "2026-11-26T09:00", "prep the demo"),  # 9am today has passed
    ("remind me friday to send the weekly report", "2026-11-27", "send the weekly report"),
]


@pytest.mark.parametrize("text, when, says", TIMES)
def test_the_time_said_is_kept_and_not_in_the_text(check, text, when, says):
    result = check(text, "remind", {})
    assert result.slots["when"] == when
    assert result.slots["text"] == says
    assert "recurrence" not in result.slots


@pytest.mark.parametrize("text", ["remind me at noon to eat", "remind me friday 3pm to call dana",
                                  "remind me next week to call Frobozz"])
def test_a_time_or_a_name_no_customer_has_is_not_a_customer(check, text):
    assert "customer" not in check(text, "remind", {}).slots


def test_an_ambiguous_customer_is_still_asked_about(check):
    result = check("remind me friday to call monarch", "remind", {})
    assert result.slots["customer"] and len(result.frame.candidates) >= 2


RECURRING = [
    ("remind me every monday to send the report", "2026-11-30", "FREQ=WEEKLY;BYDAY=MO"),
    ("remind me every monday 9am to send the report", "2026-11-30T09:00", "FREQ=WEEKLY;BYDAY=MO"),
    ("remind me every day at 8 to check the queue", "2026-11-26T08:00", "FREQ=DAILY"),
    ("every day at 11 remind me to check the queue", "2026-11-25T11:00", "FREQ=DAILY"),
    ("remind me weekdays at 9 to log my calls", "2026-11-26T09:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    ("remind me first of each month to send invoices", "2026-12-01", "FREQ=MONTHLY;BYMONTHDAY=1"),
    ("remind me every 2 weeks on friday to review the pipeline", "2026-11-27", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
    ("remind me every other monday to call oscorp", "2026-11-30", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
    ("remind me on mondays and thursdays to update the forecast", "2026-11-26", "FREQ=WEEKLY;BYDAY=MO,TH"),
    ("remind me the last day of every month to close the books", "2026-11-30", "FREQ=MONTHLY;BYMONTHDAY=-1"),
    ("remind me the first monday of every month to review churn", "2026-12-07", "FREQ=MONTHLY;BYDAY=1MO"),
    ("remind me weekly to update the forecast", "2026-12-02", "FREQ=WEEKLY"),
    ("remind me every morning to check the queue", "2026-11-26T09:00", "FREQ=DAILY"),
    ("remind me every 3 days to water the plants", "2026-11-26", "FREQ=DAILY;INTERVAL=3"),
    ("remind me every quarter to review pricing", "2026-12-25", "FREQ=MONTHLY;INTERVAL=3"),
]


@pytest.mark.parametrize("text, when, rule", RECURRING)
def test_repetition_becomes_an_rrule_and_when_is_the_first_time(check, text, when, rule):
    result = check(text, "remind", {"recurrence": rule})
    assert (result.slots["when"], result.slots["recurrence"]) == (when, rule)
    assert not {"every", "each", "weekly", "weekdays", "mondays"} & set(result.slots["text"].split())


@pytest.mark.parametrize("text", ["remind me friday to send the weekly report", "remind me in a week to call oscorp",
                                  "remind me on the 1st to renew the oscorp contract",
                                  "remind me tomorrow about the daily standup notes"])
def test_a_one_off_does_not_repeat(check, text):
    assert "recurrence" not in check(text, "remind", {}).slots


def test_the_command_carries_the_recurrence(check):
    command = check("remind me every monday 9am to send the report", "remind", {}).to_command()
    assert (command.when, command.recurrence) == ("2026-11-30T09:00", "FREQ=WEEKLY;BYDAY=MO")


@pytest.mark.parametrize("text, when", [
    ("remind me at 3 to call cyberdyne", "2026-11-25T15:00"),
    ("remind me tomorrow at 9:30 to send the deck", "2026-11-26T09:30"),
    ("remind me friday at 3am to check the servers", "2026-11-27T03:00"),
])
def test_a_bare_afternoon_hour_in_a_reminder_is_in_the_afternoon(check, text, when):
    check(text, "remind", {"when": when})
