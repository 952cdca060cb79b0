"""show_reminders: "what's due today" lists the speaker's open reminders for a number of days ahead."""
import pytest

from crm_core import commands as c
from crm_core.nlp_commands import parse

from .conftest import NOW

SHOW = [
    ("my reminders this week", 7), ("what's due today", 1), ("list my reminders for this month", 31),
    ("what's due tomorrow", 2), ("any reminders today?", 1), ("reminders for next week", 14),
    ("show reminders for the next 3 days", 3), ("WHATS DUE THIS WEEK", 7), ("what's due in the next 2 weeks", 14),
]
# No period said: every open reminder, however far ahead (days left unset).
ALL = ["show my reminders", "my reminders", "what reminders do I have", "what are my reminders", "Show My Remidners",
       "what do i have due", "reminder list", "show my follow ups"]


@pytest.mark.parametrize("text, days", SHOW)
def test_show_reminders(check, text, days):
    assert check(text, "show_reminders", {"days": days}).to_command() == c.ShowReminders(days=days)


@pytest.mark.parametrize("text", ALL)
def test_without_a_period_all_open_reminders_are_asked_for(check, text):
    result = check(text, "show_reminders")
    assert "days" not in result.slots and result.to_command() == c.ShowReminders()


@pytest.mark.parametrize("text, intent", [
    ("remind me to check my reminders", "remind"), ("set a reminder for friday", "remind"),
    ("send my reminders on telegram", "set_notify_via"), ("what's due on the cyberdyne contract", "unknown"),
    ("reminders are annoying", "unknown"), ("what's due for dinner", "unknown"), ("I forgot my reminders", "unknown"),
    ("due to the rain the event is cancelled", "unknown"),
])
def test_near_misses(check, text, intent):
    check(text, intent)


def test_a_clear_date_for_a_reminder_is_still_a_reminder(resolver):
    assert parse("remind me today to update the forecast", NOW, resolver).intent == "remind"


@pytest.mark.parametrize("text", ["my tasks", "anything due this week?", "what do i have scheduled",
                                  "my to-dos for this week", "agenda for the week"])
def test_the_words_reps_use_for_their_list(check, text):
    check(text, "show_reminders")


@pytest.mark.parametrize("text", ["todo list", "what should i do today", "what am i forgetting", "my to-do",
                                  "gimme my agenda", "anything i need to do today?"])
def test_a_to_do_without_a_later_window_is_the_day(check, text):
    """LABELS.md: the day (reminders due today, overdue follow-ups, tickets, deals to touch) answers "my to-do";
    a window past today asks for the reminders."""
    check(text, "show_my_day")
