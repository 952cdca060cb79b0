"""On Slack, an admin gives all of a teammate's accounts to another and deactivates them, each confirmed with
buttons saying what moves, the move undone with Undo; a rep asking is refused and nothing changes (issue 15 item 7)."""
from __future__ import annotations

from crm_core.models import AuditLog, Customer, User
from crm_core.names import normalize_name
from tests.bots.slack.conftest import button_named, text_of


def test_give_all_of_bobs_accounts_by_button_undo_then_deactivate_and_a_rep_refused(slack):
    User.update(role="admin").where(User.name == "Maria Lopez").execute()
    bob = User.create(name="Bob Stone", role="rep", email="bob@crm.example")
    for name in ("Alpha Co", "Beta Co", "Gamma Co", "Delta Co"):
        Customer.create(name=name, name_norm=normalize_name(name), owner=bob.id)
    maria = User.get(User.name == "Maria Lopez")

    slack.command("give all of Bob's accounts to Maria")
    [question] = slack.api.wait_for("response")
    assert "Give Bob Stone's 4 customers (Alpha Co, Beta Co, Gamma Co and 1 more) to Maria Lopez" in \
        text_of(question.args["blocks"])
    assert Customer.select().where(Customer.owner == bob.id).count() == 4  # nothing before the press
    slack.press(button_named(question.args["blocks"], "Confirm"))
    done = slack.api.wait_for("response", 2)[1]
    assert "Gave Bob Stone's 4 customers" in text_of(done.args["blocks"])
    assert Customer.select().where(Customer.owner == maria.id).count() == 4
    assert AuditLog.select().where((AuditLog.action == "reassign_work") & (AuditLog.entity == "customers")).count() == 4
    slack.press(button_named(done.args["blocks"], "Undo"))
    slack.api.wait_for("response", 3)
    assert Customer.select().where(Customer.owner == bob.id).count() == 4

    slack.command("deactivate bob", user="USAM")  # Sam becomes a rep on first contact
    refused = slack.api.wait_for("response", 4)[3]
    assert "can't do that" in text_of(refused.args["blocks"]) and User.get_by_id(bob.id).is_active

    slack.command("deactivate bob and give his work to maria")
    question = slack.api.wait_for("response", 5)[4]
    assert "Deactivate Bob Stone" in text_of(question.args["blocks"])
    slack.press(button_named(question.args["blocks"], "Confirm"))
    gone = slack.api.wait_for("response", 6)[5]
    assert "Bob Stone is deactivated" in text_of(gone.args["blocks"]) and not User.get_by_id(bob.id).is_active
    assert Customer.select().where(Customer.owner == maria.id).count() == 4

    slack.command("deactivate sam")  # Sam joined as a rep above and has no open work
    question = slack.api.wait_for("response", 7)[6]
    assert "no open work to move" in text_of(question.args["blocks"])
    slack.press(button_named(question.args["blocks"], "Confirm"))
    slack.api.wait_for("response", 8)
    slack.command("show my deals", user="USAM")
    told = slack.api.wait_for("response", 9)[8]
    assert "Your CRM account is deactivated" in told.args["text"]
