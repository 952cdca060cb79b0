"""'as csv' on a short older list in Slack: a page with Download CSV, and the file holds every row there is."""
from __future__ import annotations

import csv
import io

from crm_core.models import Customer, Deal, User
from crm_core.names import normalize_name
from tests.bots.slack.conftest import button_named


def test_deals_as_csv_put_every_matching_deal_in_the_askers_dm(slack):
    maria = User.get(User.name == "Maria Lopez")
    for name in ("Acme Corp", "Globex Ltd"):
        customer = Customer.create(name=name, name_norm=normalize_name(name))
        Deal.create(customer=customer, title=f"{name} renewal", amount=1000, stage="proposal", owner=maria)
    slack.command("show pipeline as csv")
    [page] = slack.api.wait_for("response")
    slack.press(button_named(page.args["blocks"], "Download CSV"))
    slack.api.wait_for("response", 2)
    [upload] = slack.api.uploads()
    rows = list(csv.reader(io.StringIO(upload.decode())))[1:]
    expected = {(d.customer.name, d.title) for d in Deal.select().where(Deal.stage == "proposal")}
    assert {(row[0], row[1]) for row in rows} == expected and len(rows) == len(expected)
    slack.api.assert_all_valid()
