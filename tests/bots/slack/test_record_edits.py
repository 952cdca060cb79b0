"""On Slack: deleting a deal and merging tickets ask with Confirm/Cancel; a deal's owner, an activity's kind and an
internal note act at once and offer Undo (issue 15 items 1, 4, 6)."""
from __future__ import annotations

from crm_core.models import Activity, AuditLog, Deal, Outbox, Ticket, TicketMessage, User
from tests.bots.slack.conftest import button_named, text_of


def test_a_deal_delete_is_confirmed_by_button_and_an_owner_change_undone(slack, customers):
    maria = User.get(User.name == "Maria Lopez")
    Deal.create(customer=customers["globex"], title="Globex training", amount=4000, owner=maria)
    slack.command("delete the globex training deal")
    [question] = slack.api.wait_for("response")
    assert "Delete the Globex Ltd deal" in text_of(question.args["blocks"])
    slack.press(button_named(question.args["blocks"], "Cancel"))
    slack.api.wait_for("response", 2)
    assert Deal.select().count() == 1
    slack.command("delete the globex training deal")
    question = slack.api.wait_for("response", 3)[2]
    slack.press(button_named(question.args["blocks"], "Confirm"))
    deleted = slack.api.wait_for("response", 4)[3]
    assert "Deleted the deal “Globex training”" in text_of(deleted.args["blocks"]) and Deal.select().count() == 0
    slack.press(button_named(deleted.args["blocks"], "Undo"))
    slack.api.wait_for("response", 5)
    assert Deal.get().title == "Globex training"
    assert AuditLog.select().where(AuditLog.action == "delete_deal").get().undone_at is not None


def test_the_last_activity_becomes_a_meeting_and_an_internal_note_is_not_sent(slack, customers):
    slack.command("log a note with globex: wants a quote")
    slack.api.wait_for("response")
    slack.command("change my last note to a meeting")
    changed = slack.api.wait_for("response", 2)[1]
    assert "kind note → meeting" in text_of(changed.args["blocks"]) and Activity.get().kind == "meeting"
    ticket = Ticket.create(number=1042, customer=customers["globex"], subject="Login fails")
    customers["globex"].telegram_chat_id = 777
    customers["globex"].save()
    slack.command("internal note on #1042: they are on the legacy plan")
    noted = slack.api.wait_for("response", 3)[2]
    assert "not sent to Globex Ltd" in text_of(noted.args["blocks"])
    assert TicketMessage.get(TicketMessage.ticket == ticket.id).internal and Outbox.select().count() == 0
