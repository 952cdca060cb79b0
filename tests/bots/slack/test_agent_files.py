"""An agent's files in a ticket's thread reach the customer on Telegram: kept on the ticket message, one outbox
row each, fetched from Slack with the bot token and uploaded with sendDocument / sendPhoto. A file over
Telegram's 50 MB is refused with a note to the agent, and the text still goes."""
from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import bots.telegram.senders  # noqa: F401 - registers the "telegram." senders the rows go to
from bots.slack import senders
from crm_core import bus
from crm_core import commands as c
from crm_core.models import Customer, Outbox, SlackTicketThread, Ticket, TicketMessage, User
from crm_core.names import normalize_name
from crm_core.results import Rejected
from crm_core.settings import get_settings
from tests.bots.slack.conftest import SUPPORT
from tests.fakes.slack_api import BOT_TOKEN
from tests.fakes.telegram_api import TOKEN, FakeTelegramApi
from workers import ratelimit
from workers.actors.outbox import deliver

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048
CHAT = 4242
BIG = 60 * 1024 * 1024


@pytest.fixture
def telegram(slack, monkeypatch) -> Iterator[FakeTelegramApi]:
    """The Telegram Bot API fake; the worker's settings point at both fakes."""
    with FakeTelegramApi() as api:
        for name, value in {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api.url, "SLACK_BOT_TOKEN": BOT_TOKEN,
                            "SLACK_API_URL": slack.api.api_url}.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        ratelimit.configure(ratelimit.InProcessLimiter())
        yield api
    get_settings.cache_clear()


@pytest.fixture
def thread_ts(slack, settings) -> str:
    """Ticket #1001 of a customer on Telegram, its card posted in the support channel."""
    from bots.slack.client import web_client

    customer = Customer.create(name="Pied Piper", name_norm=normalize_name("Pied Piper"), telegram_chat_id=CHAT,
                               telegram_user_id=CHAT)
    Ticket.create(number=1001, customer=customer, subject="Invoice is wrong", channel="telegram")
    senders.configure(web_client(settings, wait_when_rate_limited=False), SUPPORT)
    senders.send_support({"ticket": 1001, "event": "ticket_opened", "customer": "Pied Piper",
                          "subject": "Invoice is wrong", "body": "Please check"})
    slack.api.clear()
    return SlackTicketThread.get().thread_ts


def share(slack, thread_ts: str, text: str, *files: dict) -> str:
    """The agent's reply with files, as Slack sends it; the note only the agent sees."""
    slack.event({"type": "message", "subtype": "file_share", "channel": SUPPORT, "channel_type": "channel",
                 "user": "UMARIA", "text": text, "files": list(files), "upload": False, "display_as_bot": False,
                 "ts": "1700000900.000900", "thread_ts": thread_ts, "event_ts": "1700000900.000900"})
    [note] = slack.api.wait_for("chat.postEphemeral")
    assert note.args["thread_ts"] == thread_ts and note.args["user"] == "UMARIA"
    return note.args["text"]


def send(row: Outbox) -> str:
    """Deliver one row as a worker would; the per-chat rate limit (1/s) is not what is tested here."""
    ratelimit.configure(ratelimit.InProcessLimiter())
    return deliver(row.id).status


def rows(kind: str) -> list[Outbox]:
    return list(Outbox.select().where(Outbox.kind == kind).order_by(Outbox.id))


def test_a_reply_with_a_document_and_a_picture_reaches_the_customer(slack, thread_ts, telegram):
    pdf = slack.api.add_file("F0PDF", "invoice.pdf", PDF)
    png = slack.api.add_file("F0PNG", "screenshot.png", PNG, "image/png")
    note = share(slack, thread_ts, "Here is the corrected invoice", pdf, png)
    assert note == "Sent your reply with 2 files to Pied Piper on ticket #1001."
    message = TicketMessage.get()
    assert message.body == "Here is the corrected invoice"
    assert [(f["name"], f["size"], f["kind"]) for f in json.loads(message.attachments)] == \
        [("invoice.pdf", len(PDF), "document"), ("screenshot.png", len(PNG), "photo")]
    assert [send(row) for row in rows("telegram.message") + rows("telegram.file")] == ["sent"] * 3
    assert "Here is the corrected invoice" in telegram.texts(CHAT)[0]
    [document] = telegram.documents(CHAT)
    assert document["document"] == {"filename": "invoice.pdf", "mime_type": "application/pdf", "content": PDF}
    assert document["caption"] == "Ticket #1001"
    [photo] = telegram.photos(CHAT)
    assert photo["photo"]["content"] == PNG and photo["photo"]["filename"] == "screenshot.png"
    assert {call.args["authorization"] for call in slack.api.of("files.download")} == {f"Bearer {BOT_TOKEN}"}


def test_a_file_too_big_for_telegram_is_refused_to_the_agent_and_the_text_still_goes(slack, thread_ts, telegram):
    big = slack.api.add_file("F0BIG", "backup.zip", b"PK", "application/zip", size=BIG)
    note = share(slack, thread_ts, "The export is attached", big)
    assert note == ("Sent your reply to Pied Piper on ticket #1001. Not sent: backup.zip (60 MB), over the 50 MB "
                    "Telegram allows bots; share a link to it instead.")
    assert rows("telegram.file") == []
    [text] = rows("telegram.message")
    assert send(text) == "sent" and "The export is attached" in telegram.texts(CHAT)[0]
    assert json.loads(TicketMessage.get().attachments)[0]["refused"] == "over the 50 MB Telegram allows bots"
    assert slack.api.of("files.download") == []


def test_only_a_file_too_big_sends_nothing_and_says_why(slack, thread_ts, telegram):
    big = slack.api.add_file("F0BIG", "backup.zip", b"PK", "application/zip", size=BIG)
    note = share(slack, thread_ts, "", big)
    assert note.startswith(":warning: Not sent: backup.zip (60 MB), over the 50 MB Telegram allows bots")
    assert TicketMessage.select().count() == 0 and Outbox.select().count() == 0


def test_a_file_shared_without_its_urls_is_looked_up_with_files_info(slack, thread_ts, telegram):
    hidden = slack.api.add_file("F0HID", "contract.pdf", PDF, check_file_info=True)
    assert share(slack, thread_ts, "", hidden) == "Sent your reply with 1 file to Pied Piper on ticket #1001."
    assert slack.api.of("files.info")[0].args["file"] == "F0HID"
    assert rows("telegram.message") == []  # no text, no empty message
    [row] = rows("telegram.file")
    assert send(row) == "sent"
    assert telegram.documents(CHAT)[0]["document"]["content"] == PDF


def test_a_download_slack_refuses_fails_for_good_without_sending(slack, thread_ts, telegram, monkeypatch):
    share(slack, thread_ts, "", slack.api.add_file("F0PDF", "invoice.pdf", PDF))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-revoked")
    get_settings.cache_clear()
    [row] = rows("telegram.file")
    assert send(row) == "failed"
    assert "files:read" in Outbox.get_by_id(row.id).last_error
    assert telegram.documents() == []


def test_a_url_off_slack_never_gets_the_token(slack, thread_ts, telegram):
    maria = User.get(User.email == "maria@crm.example")
    bus.handle(c.ReplyToTicket(ticket=1001, body="see file", attachments=(
        {"name": "x.pdf", "size": 10, "kind": "document", "url": "https://attacker.example/x.pdf"},)), maria)
    [row] = rows("telegram.file")
    assert send(row) == "failed"
    assert "not a Slack file URL" in Outbox.get_by_id(row.id).last_error


def test_a_malformed_attachment_is_refused_and_nothing_is_written(slack, thread_ts):
    maria = User.get(User.email == "maria@crm.example")
    result = bus.handle(c.ReplyToTicket(ticket=1001, body="see file", attachments=({"name": "x.pdf"},)), maria)
    assert isinstance(result, Rejected) and result.message == "An attachment came without its file."
    assert TicketMessage.select().count() == 0 and Outbox.select().count() == 0


def test_a_file_slack_wont_describe_is_named_to_the_agent_and_the_text_goes(slack, thread_ts, telegram):
    gone = {"id": "F0GONE", "name": "gone.pdf", "mode": "hidden_by_limit", "file_access": "check_file_info"}
    note = share(slack, thread_ts, "See attached", gone)
    assert note == ("Sent your reply to Pied Piper on ticket #1001. I couldn't read gone.pdf from Slack, "
                    "so it was not sent.")
    assert len(rows("telegram.message")) == 1 and rows("telegram.file") == []
