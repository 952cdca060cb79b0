"""Outreach as a customer sees it in Telegram: /stop and /subscribe, the check-in itself, and replying to it."""
from __future__ import annotations

import json

import bots.telegram.senders  # noqa: F401  (registers the "telegram." sender)
import workers.actors.outreach  # noqa: F401  (the "telegram.outreach" sender: consent checked, then Telegram)
from crm_core import bus
from crm_core import commands as c
from crm_core.models import Customer, Outbox, Ticket, TicketMessage, User, utcnow
from tests.bots.telegram.conftest import ALICE, BOB, add_customer
from workers.actors.outbox import deliver


def manager() -> User:
    return User.create(name="Mona Manager", role="manager", email="mona@crm.example")


def campaign_for(*customers: Customer) -> list[Outbox]:
    Customer.update(segment="at_risk").where(Customer.id.in_([x.id for x in customers])).execute()
    bus.handle(c.SendOutreach(segment="at_risk", message=c.CHECK_IN_MESSAGE), manager())
    return list(Outbox.select().where(Outbox.campaign_id.is_null(False)).order_by(Outbox.id))


def test_stop_opts_out_at_once_and_cancels_the_waiting_check_in(bot, tg_api):
    alice, bob = add_customer("Alice Smith", tg=ALICE), add_customer("Bob Jones", tg=BOB)
    rows = campaign_for(alice, bob)
    tg_api.command(ALICE, "stop")
    answer = tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0]["text"]
    assert "won't get check-in messages" in answer and "/subscribe" in answer
    assert Customer.get_by_id(alice.id).outreach_opt_in is False
    assert [(r.status, r.last_error) for r in Outbox.select().where(Outbox.id.in_([x.id for x in rows]))
            .order_by(Outbox.id)] == [("failed", "opted out"), ("pending", None)]

    tg_api.command(ALICE, "subscribe")
    assert "subscribed" in tg_api.wait_for("sendMessage", chat_id=ALICE.id, after=1)[-1]["text"]
    assert Customer.get_by_id(alice.id).outreach_opt_in is True


def test_stop_from_a_stranger_answers_and_makes_no_lead(bot, tg_api):
    tg_api.command(BOB, "stop")
    assert "won't get check-in messages" in tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]["text"]
    assert Customer.select().count() == 0


def test_the_check_in_arrives_and_a_reply_opens_a_ticket_about_it(bot, tg_api):
    alice = add_customer("Alice Smith", tg=ALICE)
    [row] = campaign_for(alice)
    Outbox.update(next_attempt_at=utcnow()).where(Outbox.id == row.id).execute()
    assert deliver(row.id).status == "sent"
    check_in = tg_api.sent(ALICE.id)[0]["text"]
    assert check_in.startswith("Hi Alice, just checking in")

    tg_api.message(ALICE, "Actually the last delivery was late")
    ack = tg_api.wait_for("sendMessage", chat_id=ALICE.id, after=1)[-1]["text"]
    ticket = Ticket.get()
    assert ack == f"Ticket #{ticket.number} received, we'll answer here."
    assert ticket.subject.startswith("Re: Hi Alice, just checking in")
    first, reply = TicketMessage.select().order_by(TicketMessage.id)
    assert (first.from_customer, first.body) == (False, json.loads(row.payload)["text"])
    assert (reply.from_customer, reply.body) == (True, "Actually the last delivery was late")
