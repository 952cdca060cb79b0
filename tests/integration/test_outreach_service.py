"""Outreach to a segment through the bus and the dialogue: preview, recipients, progress, /stop, replies."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from crm_core import commands as c
from crm_core import bus, dialogue, i18n
from crm_core.dialogue import converse
from crm_core.models import AuditLog, Customer, Outbox, OutreachCampaign, Ticket, TicketMessage
from crm_core.names import normalize_name
from crm_core.results import (
    AlreadyHandled, OutreachOptIn, OutreachProgress, OutreachQueued, Question, Rejected, SupportReceived, Undone,
)
from crm_core.services import linking
from crm_core.understanding import Understanding

from .conftest import NOW, database_state

BLOCKED = "Telegram 403: Forbidden: bot was blocked by the user"


def person(name: str, segment: str | None, chat: int | None = None, opt_in: bool = True) -> Customer:
    return Customer.create(name=name, name_norm=normalize_name(name), segment=segment, telegram_user_id=chat,
                           telegram_chat_id=chat, outreach_opt_in=opt_in)


@pytest.fixture
def at_risk(team):
    """Five reachable customers in at_risk, one who opted out, one not on Telegram; one reachable elsewhere."""
    people = {name: person(name, "at_risk", 9000 + i) for i, name in
              enumerate(["Ana Silva", "Ben Okafor", "Chen Wei", "Dara Nolan", "Eve Park"])}
    people["Olga Out"] = person("Olga Out", "at_risk", 9100, opt_in=False)
    people["Noel Nochat"] = person("Noel Nochat", "at_risk")
    people["Lou Loyal"] = person("Lou Loyal", "loyal", 9200)
    return people


def outreach_rows() -> list[Outbox]:
    return list(Outbox.select().where(Outbox.campaign_id.is_null(False)).order_by(Outbox.id))


def as_customer(customer: Customer, command_cls, **fields):
    chat = customer.telegram_chat_id
    return command_cls(telegram_user_id=chat, chat_id=chat, first_name=customer.name.split()[0], **fields)


def gateway_run(command):
    from crm_core import bus
    return bus.handle(command, linking.gateway_user(), channel="telegram", now=NOW)


@pytest.fixture
def understood(monkeypatch):
    """The parser's part (another module's grammar) stands in: the message means this SendOutreach."""
    def _set(command: c.Command, said: str | None = None):
        """With `said`, only that message means it; any other (an answer) is no command, as the parser finds."""
        def understand(text, user, now):
            if said is not None and text != said:
                return Understanding("unknown", (), 0.95)
            return Understanding("outreach", (command,), 0.95)
        monkeypatch.setattr(dialogue, "understand", understand)
    return _set


def say(team, text, as_="manager"):
    return converse(team[as_], "test", text, channel="console", now=NOW)


# -- confirmation -----------------------------------------------------------------------------------
def test_the_preview_and_count_come_before_anything_is_queued(team, at_risk, understood):
    understood(c.SendOutreach(segment="at_risk", message=c.CHECK_IN_MESSAGE))
    [question] = say(team, "send the at_risk segment a check-in message")
    assert isinstance(question, Question)
    assert question.summary[0].startswith("Send to 5 opted-in customers of 7 in at_risk: “Hi Ana, just checking in")
    assert Outbox.select().count() == 0 and OutreachCampaign.select().count() == 0
    [queued] = say(team, "yes")
    assert isinstance(queued, OutreachQueued) and queued.recipients == 5
    assert len(outreach_rows()) == 5


def test_no_cancels_and_nothing_is_sent(team, at_risk, understood):
    understood(c.SendOutreach(segment="at_risk", message=c.CHECK_IN_MESSAGE))
    say(team, "send the at_risk segment a check-in message")
    say(team, "no")
    assert Outbox.select().count() == 0 and OutreachCampaign.select().count() == 0


def test_a_missing_segment_and_message_are_asked_for(team, at_risk, understood):
    understood(c.SendOutreach(), said="send an outreach")
    [question] = say(team, "send an outreach")
    assert "segment" in question.text and "at_risk" in [ch.value for ch in question.choices]
    [question] = say(team, "at risk")
    assert "message" in question.text and "{first_name}" in question.text
    [confirm] = say(team, "Hello {first_name}, we miss you!")
    assert confirm.summary == ("Send to 5 opted-in customers of 7 in at_risk: “Hello Ana, we miss you!”",)
    [queued] = say(team, "yes")
    assert json.loads(outreach_rows()[1].payload)["text"] == "Hello Ben, we miss you!"


# -- who gets it --------------------------------------------------------------------------------------
def test_one_row_per_opted_in_customer_on_telegram(run, at_risk):
    result = run(c.SendOutreach(segment="at_risk", message="Hi {first_name} ({name})"), as_="manager")
    assert isinstance(result, OutreachQueued) and (result.recipients, result.in_segment) == (5, 7)
    rows = outreach_rows()
    reachable = [at_risk[n] for n in ("Ana Silva", "Ben Okafor", "Chen Wei", "Dara Nolan", "Eve Park")]
    assert [r.key for r in rows] == [f"outreach:{result.campaign_id}:{p.id}" for p in reachable]
    assert [json.loads(r.payload)["chat_id"] for r in rows] == [p.telegram_chat_id for p in reachable]
    assert json.loads(rows[0].payload)["text"] == "Hi Ana (Ana Silva)"
    assert {r.status for r in rows} == {"pending"} and {r.kind for r in rows} == {"telegram.outreach"}
    # spaced at the planned pace, 20 a second (the cap is 25)
    assert rows[-1].next_attempt_at - rows[0].next_attempt_at == timedelta(seconds=4 / 20)
    assert Outbox.get(Outbox.kind == "outreach.dispatch").key == f"outreach:{result.campaign_id}:dispatch"
    audit = list(AuditLog.select().where(AuditLog.action == "send_outreach"))
    assert len(audit) == 1 and audit[0].entity == "outreach_campaigns"


def test_a_second_campaign_waits_for_the_first_ones_schedule(run, at_risk):
    run(c.SendOutreach(segment="at_risk", message="one"), as_="manager")
    run(c.SendOutreach(segment="at_risk", message="two"), as_="manager")
    first, second = outreach_rows()[:5], outreach_rows()[5:]
    assert min(r.next_attempt_at for r in second) > max(r.next_attempt_at for r in first)


def test_it_cannot_be_undone(run, at_risk):
    run(c.SendOutreach(segment="at_risk", message="hi"), as_="manager")
    result = run(c.Undo(), as_="manager")
    assert not isinstance(result, Undone) and len(outreach_rows()) == 5


# -- refusals -------------------------------------------------------------------------------------
@pytest.mark.parametrize("command, expected", [
    (c.SendOutreach(segment="vip", message="hi"), "There is no segment “vip”. Segments: champions, loyal"),
    (c.SendOutreach(segment="at_risk", message="  "), "What should the message say?"),
    (c.SendOutreach(segment="at_risk", message="Hi {company}"), "I can't fill in {company}. Only {first_name}, {name}"),
    (c.SendOutreach(segment="at_risk", message="Hi {first_name!r}"), "I can't fill in {first_name}"),
    (c.SendOutreach(segment="at_risk", message="50% off {"), "The message has a lone { or }."),
    (c.SendOutreach(segment="at_risk", message="x" * 5000), "That message is too long (5000 characters)."),
    (c.SendOutreach(segment="hibernating", message="hi"), "Nobody is in hibernating right now."),
])
def test_bad_input_is_refused_and_nothing_is_written(run, at_risk, command, expected):
    before = database_state()
    result = run(command, as_="manager")
    assert isinstance(result, Rejected) and expected in f"{result.message} {result.hint}"
    assert database_state() == before


def test_a_segment_nobody_can_be_reached_in_says_why(run, team):
    person("Olga Out", "lost", 9100, opt_in=False)
    person("Noel Nochat", "lost")
    person("Nia Nochat", "lost")
    result = run(c.SendOutreach(segment="lost", message="hi"), as_="manager")
    assert isinstance(result, Rejected)
    assert result.message == "None of the 3 customers in lost can get it: 2 not on Telegram and 1 opted out."


def test_reps_may_not_send_outreach(run, at_risk):
    before = database_state()
    result = run(c.SendOutreach(segment="at_risk", message="hi"), as_="maria")
    assert isinstance(result, Rejected) and result.code == "forbidden" and "managers and admins" in result.hint
    assert database_state() == before
    assert run(c.ShowOutreach(), as_="maria").code == "forbidden"


# -- progress ---------------------------------------------------------------------------------------
def test_progress_counts_sent_failed_by_reason_and_waiting(run, at_risk):
    campaign_id = run(c.SendOutreach(segment="at_risk", message="hi"), as_="manager").campaign_id
    rows = outreach_rows()
    Outbox.update(status="sent").where(Outbox.id.in_([rows[0].id, rows[1].id])).execute()
    Outbox.update(status="failed", last_error=BLOCKED).where(Outbox.id == rows[2].id).execute()
    progress = run(c.ShowOutreach(), as_="manager")
    assert isinstance(progress, OutreachProgress)
    assert (progress.campaign_id, progress.sent, progress.failed, progress.waiting) == (campaign_id, 2, 1, 2)
    assert progress.message == f"Outreach #{campaign_id} to at risk: 2 / 5 sent, 1 failed (bot blocked), 2 waiting"
    assert run(c.ShowOutreach(campaign_id=campaign_id), as_="admin") == progress


def test_progress_of_nothing_says_how_to_start(run, team):
    assert "haven't sent any outreach" in run(c.ShowOutreach(), as_="manager").message
    assert run(c.ShowOutreach(campaign_id=99), as_="manager").message == "There is no outreach #99."


# -- /stop and /subscribe -------------------------------------------------------------------------
def test_stop_during_a_campaign_cancels_the_rest_for_that_customer_only(run, at_risk):
    run(c.SendOutreach(segment="at_risk", message="hi"), as_="manager")
    ana = at_risk["Ana Silva"]
    result = gateway_run(as_customer(ana, c.SetOutreachOptIn, opt_in=False, update_id=1))
    assert result == OutreachOptIn(opt_in=False, changed=True, cancelled=1)
    assert Customer.get_by_id(ana.id).outreach_opt_in is False
    rows = {json.loads(r.payload)["customer_id"]: r for r in outreach_rows()}
    assert (rows[ana.id].status, rows[ana.id].last_error) == ("failed", "opted out")
    assert {r.status for cid, r in rows.items() if cid != ana.id} == {"pending"}
    assert "0 / 5 sent, 1 failed (opted out), 4 waiting" in run(c.ShowOutreach(), as_="manager").message
    assert isinstance(gateway_run(as_customer(ana, c.SetOutreachOptIn, opt_in=False, update_id=1)), AlreadyHandled)


def test_subscribe_opts_back_in_and_strangers_are_told_what_to_do(run, at_risk):
    olga = at_risk["Olga Out"]
    assert gateway_run(as_customer(olga, c.SetOutreachOptIn, opt_in=True)) == OutreachOptIn(opt_in=True)
    assert Customer.get_by_id(olga.id).outreach_opt_in is True
    stranger = dict(telegram_user_id=5555, chat_id=5555, first_name="Zed")
    assert gateway_run(c.SetOutreachOptIn(opt_in=False, **stranger)) == OutreachOptIn(opt_in=False, changed=False)
    refused = gateway_run(c.SetOutreachOptIn(opt_in=True, **stranger))
    assert isinstance(refused, Rejected) and "/start" in refused.hint
    assert Customer.select().where(Customer.telegram_user_id == 5555).count() == 0


def test_only_the_customer_chat_may_opt_customers_out(run, at_risk):
    ana = at_risk["Ana Silva"]
    assert run(as_customer(ana, c.SetOutreachOptIn, opt_in=False), as_="manager").code == "forbidden"


# -- replies ----------------------------------------------------------------------------------------
def test_a_reply_opens_a_ticket_that_shows_the_outreach_it_answers(run, at_risk):
    run(c.SendOutreach(segment="at_risk", message=c.CHECK_IN_MESSAGE), as_="manager")
    ana = at_risk["Ana Silva"]
    row = outreach_rows()[0]
    Outbox.update(status="sent", sent_at=NOW).where(Outbox.id == row.id).execute()
    reply = gateway_run(as_customer(ana, c.CustomerMessage, text="All good, but the app is slow", update_id=10))
    assert isinstance(reply, SupportReceived) and reply.event == "opened"
    ticket = Ticket.get(Ticket.number == reply.ticket)
    assert ticket.subject.startswith("Re: Hi Ana, just checking in: is everything going well")
    thread = list(TicketMessage.select().where(TicketMessage.ticket == ticket.id).order_by(TicketMessage.id))
    assert [(m.from_customer, m.body) for m in thread] == [
        (False, json.loads(row.payload)["text"]), (True, "All good, but the app is slow")]
    # the next message goes on the same ticket, without the outreach again
    gateway_run(as_customer(ana, c.CustomerMessage, text="Also, thanks", update_id=11))
    assert TicketMessage.select().where(TicketMessage.ticket == ticket.id).count() == 3


def test_a_message_with_no_outreach_before_it_is_an_ordinary_ticket(run, at_risk):
    run(c.SendOutreach(segment="at_risk", message="hi"), as_="manager")  # queued, not sent yet
    reply = gateway_run(as_customer(at_risk["Ana Silva"], c.CustomerMessage, text="Printer broken", update_id=12))
    assert Ticket.get(Ticket.number == reply.ticket).subject == "Printer broken"
    assert TicketMessage.select().count() == 1


def test_an_outreach_that_cannot_go_is_refused_before_the_confirmation(team, at_risk, understood):
    understood(c.SendOutreach(segment="vip", message="hi"))
    [refused] = say(team, "send the vip segment a check-in message")
    assert isinstance(refused, Rejected) and "no segment “vip”" in refused.message
    understood(c.SendOutreach(segment="at_risk", message="hi"))
    [refused] = say(team, "send the at_risk segment a check-in message", as_="maria")
    assert isinstance(refused, Rejected) and refused.code == "forbidden"
    assert [r for r in say(team, "yes") if isinstance(r, OutreachQueued)] == []
    assert Outbox.select().count() == 0


def test_the_whole_conversation_with_the_real_parser(team, at_risk):
    [question] = say(team, "send the at_risk segment a check-in message")
    assert question.summary[0].startswith("Send to 5 opted-in customers of 7 in at_risk: “Hi Ana, just checking in")
    assert Outbox.select().count() == 0
    [queued] = say(team, "yes")
    assert isinstance(queued, OutreachQueued) and len(outreach_rows()) == 5
    [progress] = say(team, "how is the outreach going")
    assert isinstance(progress, OutreachProgress) and progress.message.endswith("0 / 5 sent, 5 waiting")


def test_outreach_is_queued_and_refused_in_chinese(team, at_risk):
    with i18n.speaking(i18n.CHINESE):
        nobody = bus.handle(c.SendOutreach(segment="hibernating", message="hi"), team["manager"], now=NOW)
        brace = bus.handle(c.SendOutreach(segment="at_risk", message="50% off {"), team["manager"], now=NOW)
        queued = bus.handle(c.SendOutreach(segment="at_risk", message="Hi {first_name}"), team["manager"], now=NOW)
    assert (nobody.message, nobody.hint) == ("目前沉睡客户分群里没有人。", "分群由 `crm segment` 生成。")
    assert brace.message == "消息里有单独的 { 或 }。"
    assert queued.message.startswith("正在发给有流失风险分群的 5 位客户（群发 #") and "说“群发进度”可以查看进展。" in queued.message
    assert len(outreach_rows()) == 5
