"""A digest with 60 customers at risk says "Showing 5 of 60." and its More pages through all of them."""
from __future__ import annotations

import re

from crm_core.models import User
from tests.bots.long_digest import AT_RISK, at_risk_customers, at_risk_names
from tests.bots.slack.conftest import button_named, buttons, text_of

RISKY = re.compile(r"Risky \d\d GmbH")


def test_the_digest_counts_the_customers_at_risk_and_more_pages_through_them(slack):
    User.update(role="manager").where(User.name == "Maria Lopez").execute()
    at_risk_customers()
    slack.command("show my digest")
    [digest] = slack.api.wait_for("response")
    said = text_of(digest.args["blocks"])
    assert f"Showing 5 of {AT_RISK}." in said
    seen = RISKY.findall(said)
    assert len(seen) == 5

    slack.press(button_named(digest.args["blocks"], "More at risk"))
    page = slack.api.wait_for("response", 2)[1]
    presses = 2
    while True:
        said = text_of(page.args["blocks"])
        seen += RISKY.findall(said)
        labels = [b["text"]["text"] for b in buttons(page.args["blocks"])]
        if "More" not in labels:
            break
        slack.press(button_named(page.args["blocks"], "More"))
        presses += 1
        page = slack.api.wait_for("response", presses)[-1]
    assert f"Showing 46–{AT_RISK} of {AT_RISK}." in said  # 5 on the digest, then pages of 20 from the 6th
    assert len(seen) == len(set(seen)) == AT_RISK and set(seen) == at_risk_names()
    slack.api.assert_all_valid()
