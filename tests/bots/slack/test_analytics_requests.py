"""On Slack: "/crm resegment" from a manager runs the segmentation on the worker and the answer, with the segment
sizes, comes to their DM; a second request while it waits is told it is running; a rep is refused (issue 15 item 9)."""
from __future__ import annotations

from peewee import fn

from crm_core.models import AnalyticsRequest, Customer, Outbox, User
from tests.bots.slack.conftest import text_of
from tests.integration.analytics_seed import clear_run_tables, seed_buyers
from workers import ratelimit
from workers.actors import analytics
from workers.actors.outbox import deliver


def test_a_manager_resegments_from_slack_once_and_a_rep_is_refused(slack, sender_client):
    clear_run_tables()
    seed_buyers(40)
    slack.command("resegment")
    [refused] = slack.api.wait_for("response")
    assert "can't do that" in text_of(refused.args["blocks"]) and AnalyticsRequest.select().count() == 0

    User.update(role="manager").where(User.name == "Maria Lopez").execute()
    slack.command("recompute segments")
    started = slack.api.wait_for("response", 2)[1]
    assert "when it's done" in text_of(started.args["blocks"])
    slack.command("resegment now")
    again = slack.api.wait_for("response", 3)[2]
    assert "already running" in text_of(again.args["blocks"]) and AnalyticsRequest.select().count() == 1

    analytics.run_requested(AnalyticsRequest.get().id)
    sizes = dict(Customer.select(Customer.segment, fn.COUNT(Customer.id)).where(Customer.segment.is_null(False))
                 .group_by(Customer.segment).tuples())
    assert sizes
    [answer] = Outbox.select().where(Outbox.kind == "slack.dm")
    ratelimit.configure(ratelimit.InProcessLimiter())
    assert deliver(answer.id).status == "sent"
    [posted] = slack.api.wait_for("chat.postMessage")
    assert posted.args["channel"] == "UMARIA"
    shown = text_of(posted.args["blocks"])
    assert f"Resegmented {sum(sizes.values()):,} customers" in shown
    assert all(f"{segment.replace('_', ' ')}: {count:,}" in shown for segment, count in sizes.items())
