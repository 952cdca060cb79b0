"""What real Telegram refuses (the fake refuses it too), and what our messages do at those limits."""
from __future__ import annotations

import socket

import httpx
import pytest

import bots.telegram.senders  # noqa: F401  (registers the "telegram." sender)
from crm_core import bus
from crm_core import commands as c
from crm_core.models import Ticket
from tests.bots.telegram.conftest import ALICE, add_customer, outbox_rows
from tests.fakes.telegram_api import TOKEN
from workers.actors.outbox import deliver


@pytest.mark.parametrize("params, refused", [
    ({"text": "1 < 2", "parse_mode": "HTML"}, "can't parse entities"),
    ({"text": "R&D", "parse_mode": "HTML"}, "can't parse entities"),
    ({"text": "a&nbsp;b", "parse_mode": "HTML"}, "can't parse entities"),
    ({"text": "<b>open", "parse_mode": "HTML"}, "can't parse entities"),
    ({"text": "<script>x</script>", "parse_mode": "HTML"}, "can't parse entities"),
    ({"text": "x" * 4097}, "message is too long"),
    ({"text": "ok", "reply_markup": {"inline_keyboard": [[{"text": "b", "callback_data": "é" * 33}]]}},
     "BUTTON_DATA_INVALID"),
])
def test_the_fake_refuses_what_telegram_refuses(tg_api, params, refused):
    answer = httpx.post(f"{tg_api.url}{TOKEN}/sendMessage", json={"chat_id": 1, **params}).json()
    assert answer["ok"] is False and refused in answer["description"]
    tg_api.rejected.clear()


def test_a_send_without_a_chat_is_refused(tg_api):
    answer = httpx.post(f"{tg_api.url}{TOKEN}/sendMessage", json={"text": "hello"}).json()
    assert answer["ok"] is False and "chat_id is empty" in answer["description"]
    tg_api.rejected.clear()


def test_a_request_cut_off_by_a_dying_sender_is_never_seen_as_sent(tg_api):
    """A worker killed with -9 mid-write leaves half a body: Telegram never gets the call."""
    host, port = tg_api.url.split("//")[1].split("/")[0].split(":")
    body = b"text=hello&chat_id=7"  # a form, as PTB sends it
    with socket.create_connection((host, int(port))) as sender:
        head = (f"POST /bot{TOKEN}/sendMessage HTTP/1.1\r\nHost: x\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n")
        sender.sendall(head.encode() + body[:10])
        sender.shutdown(socket.SHUT_WR)
        assert sender.recv(100) == b""  # no answer: the connection is closed
    assert tg_api.sent() == []


def test_the_fake_accepts_what_telegram_accepts(tg_api):
    ok = "<b>R&amp;D</b> 1 &lt; 2 &#8364; &quot;" + "x" * (4096 - 14)
    answer = httpx.post(f"{tg_api.url}{TOKEN}/sendMessage", json={"chat_id": 1, "text": ok, "parse_mode": "HTML"})
    assert answer.json()["ok"] is True


def test_a_caption_over_1024_characters_is_refused(tg_api):
    answer = httpx.post(f"{tg_api.url}{TOKEN}/sendDocument", data={"chat_id": "1", "caption": "x" * 1025},
                        files={"document": ("a.pdf", b"%PDF", "application/pdf")}).json()
    assert answer["ok"] is False and "caption is too long" in answer["description"]
    tg_api.rejected.clear()


def test_a_long_agent_reply_full_of_markup_reaches_the_customer_whole(tg_settings, tg_api, rep):
    Ticket.create(number=1001, customer=add_customer("Acme Corporation", tg=ALICE).id, subject="Broken",
                  status="open")
    body = "Try <this> & that. " * 210  # 3,990 characters, 12,600 once escaped: Telegram counts the 3,990
    result = bus.handle(c.ReplyToTicket(ticket=1001, body=body), rep)
    assert result.delivered_via == "telegram"
    for row in outbox_rows("telegram.message"):
        assert deliver(row.id).status == "sent"
    [text] = tg_api.texts(ALICE.id)
    shown = text.replace("<b>Ticket #1001</b>\n", "")
    assert shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("\n", "") \
        == body.strip()
