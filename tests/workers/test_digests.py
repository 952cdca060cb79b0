"""Scheduled digests: due in each manager's own time, one per period whoever runs the job, sent with the chart."""
from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient

from bots.slack import senders as slack_senders
import bots.telegram.senders  # noqa: F401  (registers the "telegram." senders)
from crm_core import bus
from crm_core import commands as c
from crm_core.models import Customer, DigestSubscription, Outbox, User, utcnow
from crm_core.names import normalize_name
from crm_core.settings import get_settings
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import TOKEN, FakeTelegramApi
from workers import ratelimit
from workers.actors.digests import send_due
from workers.actors.outbox import deliver
from workers.scheduler import JOBS, run_job

NOW = datetime(2026, 11, 25, 6, 0)  # Wednesday, naive UTC: 07:00 in Berlin, 01:00 in New York
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DIGEST_JOB = next(job for job in JOBS if job.name == "send_due_digests")


@pytest.fixture(autouse=True)
def quiet_broker(stub_broker):
    """Rows are enqueued on the StubBroker nobody consumes: the tests deliver them by hand."""
    stub_broker.flush_all()
    ratelimit.configure(ratelimit.InProcessLimiter())
    yield
    stub_broker.flush_all()


@pytest.fixture
def managers(database):
    def manager(name, tz, **fields):
        return User.create(name=name, role="manager", email=f"{name.split()[0].lower()}@crm.example", timezone=tz,
                           **fields)

    return {"berlin": manager("Bea Berlin", "Europe/Berlin", slack_user_id="U0BEA"),
            "new_york": manager("Ned York", "America/New_York", telegram_user_id=7770001)}


def subscribe(user, at="08:00", frequency="daily", weekday=None, via=None):
    answer = bus.handle(c.SubscribeDigest(frequency=frequency, at=at, weekday=weekday, via=via), user,
                        now=NOW - timedelta(hours=1))
    assert answer.kind == "digest_subscribed", answer
    return DigestSubscription.get(DigestSubscription.user == user.id)


def rows() -> list[Outbox]:
    return list(Outbox.select().where(Outbox.kind.endswith(".digest")).order_by(Outbox.id))


def digest_and_chart_rows() -> list[Outbox]:
    return list(Outbox.select().where(Outbox.kind.contains(".digest")).order_by(Outbox.id))


def deliver_in_turn(*rows_to_send: Outbox) -> None:
    """Each row sent; the per-chat pacing (a second between two messages to one chat) is not the subject."""
    for row in rows_to_send:
        ratelimit.configure(ratelimit.InProcessLimiter())
        assert deliver(row.id).status == "sent"


def won_deal(owner, title, when, amount=1000):
    customer = (Customer.get_or_none(Customer.name == "Acme")
                or Customer.create(name="Acme", name_norm=normalize_name("Acme")))
    deal = bus.handle(c.CreateDeal(customer_id=customer.id, amount=amount, title=title), owner, now=when)
    bus.handle(c.MoveDeal(deal_id=deal.deal_id, stage="won"), owner, now=when)


def test_berlin_and_new_york_managers_get_their_0800_digest_at_their_own_0800(managers):
    berlin, new_york = subscribe(managers["berlin"]), subscribe(managers["new_york"])
    assert send_due(datetime(2026, 11, 25, 6, 59)) == 0
    assert send_due(datetime(2026, 11, 25, 7, 0)) == 1  # 08:00 in Berlin (CET, UTC+1)
    assert [(r.kind, r.key) for r in rows()] == [("slack.digest", f"digest:{berlin.id}:2026-11-25")]
    assert send_due(datetime(2026, 11, 25, 12, 59)) == 0
    assert send_due(datetime(2026, 11, 25, 13, 0)) == 1  # 08:00 in New York (EST, UTC-5)
    assert rows()[-1].key == f"digest:{new_york.id}:2026-11-25" and rows()[-1].kind == "telegram.digest"
    assert DigestSubscription.get_by_id(new_york.id).last_sent_at == datetime(2026, 11, 25, 13, 0)


def test_one_digest_per_period_with_two_schedulers_and_the_actor_run_again(managers):
    subscriptions = [subscribe(managers["berlin"], at="07:05"), subscribe(managers["new_york"], at="01:05")]
    barrier = threading.Barrier(4)
    claimed = []

    def as_worker(actor_name, kwargs):  # the scheduler's message, handled at once
        send_due(datetime.fromisoformat(kwargs["now_iso"]))

    def scheduler(now):
        barrier.wait()
        claimed.append(run_job(DIGEST_JOB, as_worker, ZoneInfo("UTC"), f"host-{now.microsecond}", now=now))

    def redelivered():
        barrier.wait()
        send_due(datetime(2026, 11, 25, 6, 6))

    threads = [threading.Thread(target=scheduler, args=(datetime(2026, 11, 25, 6, 5, 59, 900_000),)),
               threading.Thread(target=scheduler, args=(datetime(2026, 11, 25, 6, 6, 0, 100_000),)),
               threading.Thread(target=redelivered), threading.Thread(target=redelivered)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == [False, True]
    assert send_due(datetime(2026, 11, 25, 6, 6)) == 0  # and once more, later
    assert sorted(r.key for r in rows()) == sorted(f"digest:{s.id}:2026-11-25" for s in subscriptions)


def test_each_digest_covers_what_happened_since_the_last_one(managers):
    boss = managers["berlin"]
    subscribe(boss)
    won_deal(boss, "First quarter deal", datetime(2026, 11, 24, 12, 0))
    send_due(datetime(2026, 11, 25, 7, 0))
    won_deal(boss, "Second deal", datetime(2026, 11, 25, 15, 0))
    send_due(datetime(2026, 11, 26, 7, 0))
    first, second = (json.loads(r.payload) for r in rows())
    assert "First quarter deal" in first["text"] and "Second deal" not in first["text"]
    assert "Second deal" in second["text"] and "First quarter deal" not in second["text"]
    assert (first["since"], first["until"], second["since"]) == (
        "2026-11-24T07:00:00", "2026-11-25T07:00:00", "2026-11-25T07:00:00")


def test_a_weekly_digest_comes_once_an_iso_week_on_its_day(managers):
    weekly = subscribe(managers["berlin"], at="09:00", frequency="weekly", weekday="mon")
    monday = datetime(2026, 11, 30, 8, 0)  # 09:00 in Berlin
    assert send_due(monday - timedelta(minutes=1)) == 0
    assert send_due(monday) == 1 and send_due(monday + timedelta(days=1)) == 0
    assert send_due(monday + timedelta(days=7)) == 1
    assert [r.key for r in rows()] == [f"digest:{weekly.id}:2026-W49", f"digest:{weekly.id}:2026-W50"]


def test_no_digest_for_someone_no_longer_a_manager_or_deactivated(managers):
    subscribe(managers["berlin"]), subscribe(managers["new_york"])
    User.update(role="rep").where(User.id == managers["berlin"].id).execute()
    User.update(is_active=False).where(User.id == managers["new_york"].id).execute()
    assert send_due(datetime(2026, 11, 26, 13, 0)) == 0 and rows() == []


def test_a_broken_subscription_does_not_stop_the_others(managers):
    good = subscribe(managers["berlin"])
    broken = subscribe(managers["new_york"])
    DigestSubscription.update(local_time="xx:yy").where(DigestSubscription.id == broken.id).execute()
    assert send_due(datetime(2026, 11, 25, 13, 0)) == 1
    assert [r.key for r in rows()] == [f"digest:{good.id}:2026-11-25"]


def test_the_digest_and_its_png_reach_slack(managers):
    subscribe(managers["berlin"])
    with FakeSlackApi() as slack:
        slack_senders.configure(WebClient(token="xoxb-test", base_url=slack.api_url))
        try:
            send_due(datetime(2026, 11, 25, 7, 0))
            row, chart_row = digest_and_chart_rows()
            deliver_in_turn(row, chart_row)
        finally:
            slack_senders.configure(None)
        posted = slack.of("chat.postMessage")[0].args
        assert posted["channel"] == "U0BEA" and posted["blocks"][0]["type"] == "header"
        assert any("Deals" in block.get("text", {}).get("text", "") for block in posted["blocks"])
        chart = base64.b64decode(json.loads(chart_row.payload)["chart_png"])
        assert slack.uploads() == [chart] and chart.startswith(PNG_SIGNATURE)
        completed = slack.of("files.completeUploadExternal")[0].args
        assert completed["channel_id"] == "D0BEA"  # the DM that conversations.open gave
    assert Outbox.get_by_id(row.id).status == "sent"


@contextmanager
def telegram_configured(monkeypatch) -> Iterator[FakeTelegramApi]:
    """A fake Telegram API the worker's senders talk to, for as long as the block runs."""
    with FakeTelegramApi() as telegram:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("TELEGRAM_API_URL", telegram.url)
        get_settings.cache_clear()
        try:
            yield telegram
        finally:
            get_settings.cache_clear()


def test_the_digest_and_its_png_reach_telegram(managers, monkeypatch):
    subscribe(managers["new_york"])
    with telegram_configured(monkeypatch) as telegram:
        send_due(datetime(2026, 11, 25, 13, 0))
        row, chart_row = digest_and_chart_rows()
        deliver_in_turn(row, chart_row)
        assert telegram.texts(7770001)[0].startswith("<b>Digest for Ned York: Tue 24 Nov 08:00 to Wed 25 Nov 08:00")
        photo = telegram.photos(7770001)[0]["photo"]
        assert photo["mime_type"] == "image/png" and photo["content"].startswith(PNG_SIGNATURE)
        assert photo["content"] == base64.b64decode(json.loads(chart_row.payload)["chart_png"])


def test_on_the_console_the_text_is_printed_and_the_png_written(database, monkeypatch, tmp_path, capsys):
    admin = User.create(name="Ada Admin", role="admin", timezone="UTC")
    subscribe(admin)
    monkeypatch.setenv("CRM_DIGEST_DIR", str(tmp_path / "charts"))
    send_due(datetime(2026, 11, 25, 8, 0))
    assert deliver(rows()[0].id).status == "sent"
    printed = capsys.readouterr().out
    charts = list((tmp_path / "charts").iterdir())
    assert "Digest for Ada Admin" in printed and f"Chart: {charts[0]}" in printed
    assert charts[0].read_bytes().startswith(PNG_SIGNATURE)


def test_a_chart_upload_answered_429_is_retried_without_posting_the_text_again(managers):
    subscribe(managers["berlin"])
    with FakeSlackApi() as slack:
        slack_senders.configure(WebClient(token="xoxb-test", base_url=slack.api_url))
        try:
            send_due(datetime(2026, 11, 25, 7, 0))
            row, chart_row = digest_and_chart_rows()
            deliver_in_turn(row)
            slack.rate_limit_once("files.getUploadURLExternal", retry_after=0)
            ratelimit.configure(ratelimit.InProcessLimiter())
            assert deliver(chart_row.id).status == "retry"
            Outbox.update(next_attempt_at=utcnow()).where(Outbox.id == chart_row.id).execute()
            deliver_in_turn(chart_row)
        finally:
            slack_senders.configure(None)
        assert len(slack.of("chat.postMessage")) == 1  # the text once
        assert len(slack.uploads()) == 1  # and the chart once
