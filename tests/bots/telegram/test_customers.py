"""Customers on Telegram: linking (/start CODE, contact sharing, new leads) and messages becoming tickets."""
from __future__ import annotations

import json
from datetime import timedelta

from crm_core import bus
from crm_core import commands as c
from crm_core import results as r
from crm_core.models import Customer, Ticket, TicketMessage, TelegramInvite, utcnow
from tests.bots.telegram.conftest import ACK, ALICE, BOB, MALLORY, add_customer, outbox_rows, payload


def test_plain_start_asks_for_the_phone_number_with_a_contact_button(bot, tg_api):
    tg_api.command(ALICE, "start")
    sent = tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0]
    assert "Share your phone number" in sent["text"]
    button = sent["reply_markup"]["keyboard"][0][0]
    assert button["request_contact"] is True
    assert Customer.select().count() == 0  # nothing is made until they share or write


def test_the_command_menu_is_set_on_start(bot, tg_api):
    commands = tg_api.calls_to("setMyCommands")[0]["commands"]
    assert [cmd["command"] for cmd in commands] == ["start", "new", "status", "help", "stop"]


def test_a_shared_phone_number_finds_the_customer_record(bot, tg_api):
    acme = add_customer("Acme Corporation", phone="+4930123456")
    tg_api.contact(ALICE, "4930123456")  # Telegram sends it without the +
    assert "we found your account" in tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0]["text"]
    acme = Customer.get_by_id(acme.id)
    assert (acme.telegram_user_id, acme.telegram_chat_id) == (ALICE.id, ALICE.id)

    tg_api.message(ALICE, "The invoice is wrong\nIt says 120 instead of 100.")
    ack = tg_api.wait_for("sendMessage", chat_id=ALICE.id, after=1)[-1]
    ticket = Ticket.get()
    assert ack["text"] == ACK.format(ticket.number) and ticket.number == 1001
    assert (ticket.customer_id, ticket.subject, ticket.channel) == (acme.id, "The invoice is wrong", "telegram")
    message = TicketMessage.get()
    assert message.from_customer and message.body == "The invoice is wrong\nIt says 120 instead of 100."


def test_sharing_someone_elses_contact_links_nothing(bot, tg_api):
    add_customer("Acme Corporation", phone="+4930123456")
    tg_api.contact(MALLORY, "+4930123456", contact_user_id=ALICE.id)
    assert "someone else's contact" in tg_api.wait_for("sendMessage", chat_id=MALLORY.id)[0]["text"]
    assert Customer.get().telegram_user_id is None


def test_an_unknown_number_makes_a_lead_from_the_profile(bot, tg_api):
    tg_api.contact(BOB, "+44 20 7946 0958")
    assert tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]["text"].startswith("Thanks!")
    lead = Customer.get()
    assert (lead.name, lead.phone, lead.is_lead, lead.telegram_user_id) == ("Bob", "+442079460958", True, BOB.id)
    assert lead.outreach_opt_in is False  # writing to support is not consent to marketing


def test_writing_without_linking_makes_a_lead_and_a_ticket(bot, tg_api):
    tg_api.message(ALICE, "Hello, my order never arrived")
    assert tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0]["text"] == ACK.format(1001)
    ticket = Ticket.get()
    assert ticket.customer.name == "Alice Smith" and ticket.customer.is_lead
    assert ticket.subject == "Hello, my order never arrived"


def test_an_invite_link_links_once(bot, tg_api, rep):
    acme = add_customer("Acme Corporation")
    invited = bus.handle(c.InviteCustomer(customer="acme"), rep)
    assert isinstance(invited, r.CustomerInvited), invited
    code = invited.link.rpartition("?start=")[2]
    assert invited.link == f"https://t.me/{tg_api.bot_username}?start={code}"  # the username stored on start

    tg_api.command(ALICE, "start", code)
    assert "now linked to your account" in tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0]["text"]
    assert Customer.get_by_id(acme.id).telegram_user_id == ALICE.id

    tg_api.command(MALLORY, "start", code)  # a forwarded link works only once
    assert "expired or was used already" in tg_api.wait_for("sendMessage", chat_id=MALLORY.id)[0]["text"]
    assert Customer.get_by_id(acme.id).telegram_user_id == ALICE.id
    assert TelegramInvite.get().used_by == ALICE.id


def test_an_expired_or_made_up_code_is_refused(bot, tg_api, rep):
    add_customer("Acme Corporation")
    invited = bus.handle(c.InviteCustomer(customer="acme"), rep, now=utcnow() - timedelta(days=8))
    tg_api.command(ALICE, "start", invited.link.rpartition("=")[2])
    tg_api.command(BOB, "start", "not-a-real-code-123")
    for user in (ALICE, BOB):
        assert "expired or was used already" in tg_api.wait_for("sendMessage", chat_id=user.id)[0]["text"]
    assert Customer.get().telegram_user_id is None


def test_messages_continue_the_open_ticket_and_new_forces_another(bot, tg_api):
    add_customer("Acme Corporation", tg=ALICE)
    tg_api.message(ALICE, "Printer is broken")
    tg_api.message(ALICE, "It blinks red")
    tg_api.command(ALICE, "new", "Second problem: the VPN\nsince Monday")
    tg_api.command(ALICE, "new")
    tg_api.message(ALICE, "Third problem")
    tg_api.message(ALICE, "more on the third")
    texts = [m["text"] for m in tg_api.wait_for("sendMessage", 6, chat_id=ALICE.id)]
    assert texts == [ACK.format(1001), ACK.format(1001), ACK.format(1002),
                     "OK: your next message opens a new ticket.", ACK.format(1003), ACK.format(1003)]
    subjects = [t.subject for t in Ticket.select().order_by(Ticket.number)]
    assert subjects == ["Printer is broken", "Second problem: the VPN", "Third problem"]
    assert TicketMessage.select().where(TicketMessage.ticket == Ticket.get(number=1002).id).get().body == \
        "Second problem: the VPN\nsince Monday"


def test_a_message_reopens_a_recently_resolved_ticket_and_not_an_old_one(bot, tg_api):
    acme = add_customer("Acme Corporation", tg=ALICE)
    now = utcnow()
    Ticket.create(number=1001, customer=acme.id, subject="old", status="resolved", resolved_at=now - timedelta(days=8),
                  updated_at=now - timedelta(days=8))
    Ticket.create(number=1002, customer=acme.id, subject="recent", status="resolved",
                  resolved_at=now - timedelta(days=2), updated_at=now - timedelta(days=2))
    tg_api.message(ALICE, "It broke again")
    assert tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0]["text"] == ACK.format(1002)
    recent = Ticket.get(number=1002)
    assert (recent.status, recent.resolved_at) == ("open", None)
    Ticket.update(status="resolved", resolved_at=now - timedelta(days=7, minutes=1)) \
        .where(Ticket.number == 1002).execute()
    tg_api.message(ALICE, "And now something else")
    assert tg_api.wait_for("sendMessage", chat_id=ALICE.id, after=1)[-1]["text"] == ACK.format(1003)
    assert Ticket.select().count() == 3


def test_a_reply_to_a_pending_ticket_makes_it_open_again(bot, tg_api):
    acme = add_customer("Acme Corporation", tg=ALICE)
    Ticket.create(number=1001, customer=acme.id, subject="VPN", status="pending")
    tg_api.message(ALICE, "Tried that, still broken")
    tg_api.wait_for("sendMessage", chat_id=ALICE.id)
    assert Ticket.get().status == "open"


def test_photos_and_documents_are_kept_on_the_ticket_message(bot, tg_api):
    add_customer("Acme Corporation", tg=ALICE)
    photo = tg_api.photo(ALICE, caption="Screenshot of the error")
    document = tg_api.document(ALICE, "invoice-4711.pdf", 183_211)
    tg_api.wait_for("sendMessage", 2, chat_id=ALICE.id)
    first, second = TicketMessage.select().order_by(TicketMessage.id)
    assert Ticket.get().subject == "Screenshot of the error"
    largest = photo["message"]["photo"][-1]
    assert json.loads(first.attachments) == [{"file_id": largest["file_id"], "kind": "photo",
                                              "name": f"photo-{largest['file_unique_id']}.jpg",
                                              "size": largest["file_size"]}]
    assert first.body == "Screenshot of the error"
    doc = document["message"]["document"]
    assert json.loads(second.attachments) == [{"file_id": doc["file_id"], "name": "invoice-4711.pdf",
                                               "size": 183_211, "kind": "document"}]
    assert second.external_message_id == str(document["message"]["message_id"])


def test_a_document_alone_opens_a_ticket_named_after_it(bot, tg_api):
    tg_api.document(BOB, "crash.log", 2048, mime_type="text/plain")
    assert tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]["text"] == ACK.format(1001)
    assert Ticket.get().subject == "crash.log"


def test_status_lists_only_the_customers_own_tickets(bot, tg_api):
    acme, globex = add_customer("Acme Corporation", tg=ALICE), add_customer("Globex", tg=BOB)
    Ticket.create(number=1001, customer=acme.id, subject="Acme <printer>", status="pending")
    Ticket.create(number=1002, customer=globex.id, subject="Globex secret plans", status="open")
    Ticket.create(number=1003, customer=acme.id, subject="Acme VPN", status="resolved")
    tg_api.command(ALICE, "status")
    text = tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0]["text"]
    assert "#1001 · Acme &lt;printer&gt; — <b>pending</b>" in text and "#1003 · Acme VPN — <b>resolved</b>" in text
    assert "1002" not in text and "Globex" not in text
    tg_api.command(MALLORY, "status")
    assert "no tickets yet" in tg_api.wait_for("sendMessage", chat_id=MALLORY.id)[0]["text"]


def test_customers_get_no_rep_commands(bot, tg_api, rep):
    globex = add_customer("Globex")
    Ticket.create(number=1001, customer=globex.id, subject="Globex secret plans")
    add_customer("Acme Corporation", tg=ALICE)
    tg_api.message(ALICE, "show open tickets")
    tg_api.message(ALICE, "close ticket 1001")
    texts = [m["text"] for m in tg_api.wait_for("sendMessage", 2, chat_id=ALICE.id)]
    assert texts == [ACK.format(1002), ACK.format(1002)]  # just words on their own ticket
    assert Ticket.get(number=1001).status == "open"


def test_support_channel_gets_an_outbox_row_per_customer_message(bot, tg_api, tg_settings, monkeypatch):
    monkeypatch.setenv("SLACK_SUPPORT_CHANNEL", "C0SUPPORT")
    tg_settings.cache_clear()
    add_customer("Acme Corporation", tg=ALICE)
    tg_api.message(ALICE, "Printer is broken")
    tg_api.document(ALICE, "photo.png", 5120, caption="see this", mime_type="image/png")
    tg_api.wait_for("sendMessage", 2, chat_id=ALICE.id)
    rows = outbox_rows("slack.support")
    messages = list(TicketMessage.select().order_by(TicketMessage.id))
    assert [row.key for row in rows] == [f"slack-support:{m.id}" for m in messages]
    assert [payload(row) for row in rows] == [
        {"ticket": 1001, "event": "ticket_opened", "customer": "Acme Corporation", "subject": "Printer is broken",
         "body": "Printer is broken", "attachments": []},
        {"ticket": 1001, "event": "customer_message", "customer": "Acme Corporation", "subject": "Printer is broken",
         "body": "see this", "attachments": [{"name": "photo.png", "size": 5120, "kind": "document"}]},
    ]


def test_no_support_channel_no_slack_rows(bot, tg_api):
    tg_api.message(ALICE, "hello")
    tg_api.wait_for("sendMessage", chat_id=ALICE.id)
    assert outbox_rows("slack.support") == []


def test_stickers_get_a_hint_and_change_nothing(bot, tg_api):
    tg_api.push(tg_api.build_message(ALICE, sticker={"file_id": "CAACAgI", "file_unique_id": "AgAD", "width": 512,
                                                     "height": 512, "is_animated": False, "is_video": False,
                                                     "type": "regular"}))
    assert "text, photos and documents" in tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0]["text"]
    assert Ticket.select().count() == 0


def test_an_invite_needs_the_bots_username(tg_settings, rep, monkeypatch):
    add_customer("Acme Corporation")
    refused = bus.handle(c.InviteCustomer(customer="acme"), rep)
    assert isinstance(refused, r.Rejected) and "username" in refused.message and "TELEGRAM_BOT_USERNAME" in refused.hint
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "@AcmeSupportBot")
    tg_settings.cache_clear()
    invited = bus.handle(c.InviteCustomer(customer="acme"), rep)
    assert invited.link.startswith("https://t.me/AcmeSupportBot?start=") and invited.name == "Acme Corporation"
    assert invited.message.startswith("Send Acme Corporation this link; it works once, for 7 days:")


def test_customer_side_commands_are_refused_to_reps(tg_settings, rep):
    refused = bus.handle(c.CustomerMessage(telegram_user_id=ALICE.id, chat_id=ALICE.id, text="hi"), rep)
    assert isinstance(refused, r.Rejected) and refused.code == "forbidden"
    assert Ticket.select().count() == 0


def test_the_core_imports_no_transport():
    """At module level (the `crm` entrypoints import transports inside their commands)."""
    import pathlib
    import re
    core = pathlib.Path(__file__).resolve().parents[3] / "crm_core"
    pattern = re.compile(r"^(from|import)\s+(telegram|slack_bolt|slack_sdk|dramatiq)\b", re.M)
    offenders = [str(p) for p in core.rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


def test_customer_writes_are_audited_as_the_telegram_gateway(bot, tg_api, rep):
    from crm_core.models import AuditLog, User
    acme = add_customer("Acme Corporation")
    invited = bus.handle(c.InviteCustomer(customer_id=acme.id), rep)
    tg_api.command(ALICE, "start", invited.link.rpartition("=")[2])
    tg_api.message(ALICE, "Hello")
    tg_api.wait_for("sendMessage", 2, chat_id=ALICE.id)
    gateway = User.get(User.email == "telegram-gateway@system.invalid")
    assert not gateway.is_active
    actions = [(row.action, row.entity, row.actor_id == gateway.id, row.channel)
               for row in AuditLog.select().where(AuditLog.actor == gateway.id).order_by(AuditLog.id)]
    assert actions == [("link_telegram", "customers", True, "telegram"),
                       ("link_telegram", "telegram_invites", True, "telegram"),
                       ("open_ticket", "tickets", True, "telegram"),
                       ("customer_message", "ticket_messages", True, "telegram")]
