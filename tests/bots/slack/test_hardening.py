"""What real Slack would refuse or expose (issue 13): markup in names, long lists, private answers, failures
told where they were asked. The fake refuses invalid Block Kit, so every reply here is also valid."""
from __future__ import annotations

from datetime import date

import pytest

from bots.slack import runtime
from bots.slack import home
from bots.slack.support import card
from crm_core.models import Customer, Order
from crm_core.names import normalize_name
from crm_core.settings import get_settings
from tests.bots.slack.conftest import text_of
from tests.bots.slack.test_events import dm, mention


def _customers_with_orders(names: list[str]) -> None:
    for n, name in enumerate(names):
        customer = Customer.create(name=name, name_norm=normalize_name(name), city="Berlin")
        Order.create(customer=customer, date=date(2026, 1, 1), amount=1000 + n)


def test_top_60_customers_fit_one_message_and_say_how_many_are_shown(slack):
    _customers_with_orders([f"Customer {n:02d} GmbH" for n in range(60)])
    slack.command("show top 60 customers")
    [reply] = slack.api.wait_for("response")
    shown = text_of(reply.args["blocks"])
    assert "Customer 59 GmbH" in shown and "Showing 1–20 of 60." in shown
    assert len(reply.args["blocks"]) <= 50


def test_names_full_of_markup_are_escaped_before_the_table_is_chunked(slack):
    _customers_with_orders([f"R&D <&> & Sons {n:02d} " + "<>" * 40 for n in range(25)])
    slack.command("show top 25 customers")
    [reply] = slack.api.wait_for("response")
    sections = [b["text"]["text"] for b in reply.args["blocks"] if b["type"] == "section"]
    assert all(len(text) <= 3000 for text in sections)
    assert "R&amp;D &lt;&amp;&gt; &amp; Sons" in "\n".join(sections) and "<&>" not in "\n".join(sections)
    assert "R&D <&> & Sons 24" in reply.args["text"].replace("&amp;", "&").replace("&lt;", "<") \
        .replace("&gt;", ">")


def test_a_customer_named_like_a_broadcast_pings_nobody(slack):
    _customers_with_orders(["<!channel> Zyxcorp"])  # a name from Telegram: nobody escaped it there
    slack.command("log a call with zyxcorp")
    [reply] = slack.api.wait_for("response")
    assert "<!channel>" not in reply.args["text"] and "&lt;!channel&gt; Zyxcorp" in reply.args["text"]
    assert "<!channel>" not in text_of(reply.args["blocks"])


def test_a_ticket_card_escapes_the_customers_words_in_its_notification_text():
    made = card({"ticket": 7, "event": "ticket_opened", "customer": "<!channel>", "subject": "<@U1> & <#C1>",
                 "body": "hi <!here>"})
    assert "<!" not in made["text"] and "<@" not in made["text"] and "<#" not in made["text"]
    assert "&lt;!channel&gt;" in made["text"]


def test_reports_and_reminders_are_only_for_the_asker_and_writes_for_the_channel(slack, customers):
    slack.command("show top customers")
    slack.command("show my reminders")
    slack.command("log a call with globex")
    replies = slack.api.wait_for("response", 3)
    kinds = {r.args["text"].split("\n")[0][:20]: r.args["response_type"] for r in replies}
    assert sorted(kinds.values()) == ["ephemeral", "ephemeral", "in_channel"]
    assert kinds[next(k for k in kinds if k.startswith("Logged a call"))] == "in_channel"


@pytest.fixture
def telegram_bot_known(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "crm_test_bot")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def test_a_customer_invite_link_is_only_for_the_asker(slack, customers, telegram_bot_known):
    slack.event(mention("invite Globex"))
    [private] = slack.api.wait_for("chat.postEphemeral")
    assert "t.me/" in private.args["text"] and private.args["user"] == "UMARIA"
    slack.api.quiet(0.3)
    assert not any("t.me/" in (c.args.get("text") or "") for c in slack.api.of("chat.postMessage"))


def test_link_my_telegram_in_a_group_dm_is_only_for_the_asker(slack, customers, telegram_bot_known):
    slack.event(mention("link my telegram", channel="G0GROUPDM", channel_type="mpim"))
    [private] = slack.api.wait_for("chat.postEphemeral")
    assert "t.me/" in private.args["text"] and private.args["user"] == "UMARIA"
    assert not slack.api.of("chat.postMessage")


def _broken(*args, **kwargs):
    raise RuntimeError("database down")


def test_a_failure_is_told_where_it_was_asked(slack, customers, monkeypatch):
    monkeypatch.setattr(runtime, "converse", _broken)
    slack.event(mention("log a call with globex"))
    [told] = slack.api.wait_for("chat.postEphemeral")
    assert told.args["user"] == "UMARIA" and "reference" in told.args["text"] and told.args["thread_ts"]
    slack.event(dm("log a call with globex", user="UMARIA"))
    [in_dm] = slack.api.wait_for("chat.postMessage")
    assert in_dm.args["channel"] == "D0SAM" and "went wrong" in in_dm.args["text"]
    monkeypatch.setattr(home, "view", _broken)
    slack.event({"type": "app_home_opened", "user": "UMARIA", "channel": "D0MARIA", "tab": "home",
                 "event_ts": "1700000400.000400"})
    [published] = slack.api.wait_for("views.publish")
    assert "went wrong" in text_of(published.args["view"]["blocks"])


def test_a_ticket_card_speaks_the_deployments_language(monkeypatch):
    """The support channel is the whole team's: its cards follow CRM_LOCALE, not one user's choice."""
    monkeypatch.setenv("CRM_LOCALE", "zh_CN")
    get_settings.cache_clear()
    try:
        made = card({"ticket": 7, "event": "ticket_opened", "customer": "Globex", "subject": "发票缺失",
                     "attachments": [{"name": "scan.jpg", "size": 2048, "kind": "photo"}]})
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    shown = str(made["blocks"])
    assert made["text"] == "新工单 #7，来自Globex：发票缺失" and "scan.jpg (2 KB, 照片)" in shown
    assert [e["text"]["text"] for b in made["blocks"] if b["type"] == "actions" for e in b["elements"]] == \
        ["回复", "分配给我", "解决"]
    assert "New ticket" in card({"ticket": 7, "event": "ticket_opened", "customer": "Globex"})["text"]  # en_US
