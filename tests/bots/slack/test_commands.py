"""/crm, @mentions and DMs go through the dialogue; answers come back after the ack, in Block Kit."""
from __future__ import annotations

from crm_core.models import Activity, Conversation, Deal, User
from tests.bots.slack.conftest import CHANNEL, button_named, text_of


def test_slash_command_is_acked_at_once_and_answered_through_response_url(slack, customers):
    answer = slack.command("log a call with globex, they want a demo")
    assert answer.status == 200 and answer.body == ""
    [reply] = slack.api.wait_for("response")
    assert reply.path.startswith("/response/cmd-")
    assert reply.args["response_type"] == "in_channel"
    assert "Logged a call with Globex Ltd." in text_of(reply.args["blocks"])
    assert button_named(reply.args["blocks"], "Undo")
    [activity] = Activity.select()
    assert (activity.customer.name, activity.kind, activity.channel) == ("Globex Ltd", "call", "slack")
    assert activity.user.email == "maria@crm.example"


def test_a_question_is_ephemeral_with_a_button_per_candidate_and_a_press_completes_it(slack, customers):
    slack.command("log a call with acme, they want a demo")
    [question] = slack.api.wait_for("response")
    assert question.args["response_type"] == "ephemeral"
    assert "Which acme do you mean?" in text_of(question.args["blocks"])
    labs = button_named(question.args["blocks"], "Acme Labs (Boston)")
    button_named(question.args["blocks"], "Acme Corporation (Springfield)")
    assert Activity.select().count() == 0

    assert slack.press(labs).status == 200
    replies = slack.api.wait_for("response", 2)
    assert replies[1].args["replace_original"] is True
    assert "Logged a call with Acme Labs." in text_of(replies[1].args["blocks"])
    [activity] = Activity.select()
    assert activity.customer.name == "Acme Labs"
    assert Conversation.get().key == f"slack:{CHANNEL}:"


def test_undo_button_takes_the_write_back(slack, customers):
    slack.command("log a call with globex")
    [reply] = slack.api.wait_for("response")
    slack.press(button_named(reply.args["blocks"], "Undo"))
    undone = slack.api.wait_for("response", 2)[1]
    assert "Undone: logged a call with Globex Ltd" in text_of(undone.args["blocks"])
    assert Activity.select().count() == 0


def test_someone_else_cannot_press_your_buttons(slack, customers):
    slack.command("log a call with globex")
    [reply] = slack.api.wait_for("response")
    slack.press(button_named(reply.args["blocks"], "Undo"), user="USAM")
    refusal = slack.api.wait_for("response", 2)[1]
    assert "That button is for <@UMARIA>" in refusal.args["text"]
    assert Activity.select().count() == 1


def test_a_destructive_command_asks_for_confirmation_first(slack, customers):
    maria = User.get(User.email == "maria@crm.example")
    deal = Deal.create(customer=customers["globex"], title="Globex renewal", amount=5000, stage="proposal", owner=maria)
    slack.command("move the globex deal to lost")
    [question] = slack.api.wait_for("response")
    assert question.args["response_type"] == "ephemeral"
    assert "Shall I do this?" in text_of(question.args["blocks"])
    slack.press(button_named(question.args["blocks"], "Cancel"))
    assert "Cancelled; nothing was changed." in slack.api.wait_for("response", 2)[1].args["text"]
    assert Deal.get_by_id(deal.id).stage == "proposal"

    slack.command("move the globex deal to lost")
    question = slack.api.wait_for("response", 3)[2]
    slack.press(button_named(question.args["blocks"], "Confirm"))
    moved = slack.api.wait_for("response", 4)[3]
    assert "lost" in text_of(moved.args["blocks"]) and button_named(moved.args["blocks"], "Undo")
    assert Deal.get_by_id(deal.id).stage == "lost"


def test_reports_and_help_are_for_the_asker(slack, customers):
    slack.command("show top customers")
    slack.command("help")
    replies = slack.api.wait_for("response", 2)
    kinds = {("Top customers" in r.args["text"]): r.args["response_type"] for r in replies}
    assert kinds == {True: "ephemeral", False: "ephemeral"}


def test_a_dm_slash_command_answers_in_the_dm(slack, customers):
    slack.command("show top customers", channel="D0MARIA")
    [reply] = slack.api.wait_for("response")
    assert reply.args["response_type"] == "in_channel"
