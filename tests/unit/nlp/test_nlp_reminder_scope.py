"""Which occurrences of a repeating reminder a change is for, when the words say it: then the rep is not asked
"Only this one / This and all following"; unsaid, `following` stays unset (the dialogue asks)."""
import pytest

from crm_core import commands as c

SAID = [
    ("stop reminding me about hooli", "cancel_reminder", True, "hooli"),
    ("cancel the weekly report reminder for good", "cancel_reminder", True, "weekly report"),
    ("cancel the acme reminder and all following", "cancel_reminder", True, "acme"),
    ("snooze the weekly report reminder till tomorrow just this once", "snooze_reminder", False, "weekly report"),
    ("push the weekly report reminder to tuesday 10am from now on", "move_reminder", True, "weekly report"),
    ("mark the weekly report reminder done just this one", "complete_reminder", False, "weekly report"),
]


@pytest.mark.parametrize("text, intent, following, named", SAID)
def test_the_scope_said_is_kept_and_is_no_word_naming_the_reminder(check, text, intent, following, named):
    command = check(text, intent, {"reminder": named}).to_command()
    assert command.following is following and command.reminder == named


@pytest.mark.parametrize("text", ["cancel the weekly report reminder", "snooze the acme reminder an hour",
                                  "push the acme reminder to monday", "mark the invoice reminder done"])
def test_unsaid_it_is_left_for_the_question(check, text):
    assert check(text, check_intent(text)).to_command().following is None


def check_intent(text: str) -> str:
    return {"cancel": "cancel_reminder", "snooze": "snooze_reminder", "push": "move_reminder",
            "mark": "complete_reminder"}[text.split()[0]]


def test_a_command_without_the_field_still_reads():
    assert c.from_json({"command": "complete_reminder", "reminder_id": 7}) == c.CompleteReminder(reminder_id=7)
