"""`crm validate --deals`: win probability trained on the deals closed by a date, checked on the
deals that were open then and closed later, against the stage-only baseline."""
from __future__ import annotations

import datetime as dt
import json
import subprocess

import numpy as np

from crm_core.models import Activity, Deal
from tests.integration.analytics_seed import AS_OF, add_customers, cli_env, clear_run_tables


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def add_deal(customer: int, created: dt.date, closed: dt.date, won: bool, meetings: int) -> None:
    deal = Deal.create(customer=customer, title="Deal", amount=1000, stage="won" if won else "lost",
                       created_at=at(created), updated_at=at(closed), closed_at=at(closed))
    for i in range(meetings):  # all before the cut-off, so the later deals' features are known then
        Activity.create(customer=customer, deal=deal, kind="meeting", occurred_at=at(created, 13 + i))


def seed_deals(n: int = 40, seed: int = 3) -> None:
    """`n` deals closed before AS_OF and `n` open then and closed after; deals with more
    meetings are won more often."""
    rng = np.random.default_rng(seed)
    [customer] = add_customers(["Deal Buyer"])
    for later in (False, True):
        for _ in range(n):
            meetings = int(rng.integers(0, 5))
            won = rng.random() < 0.15 + 0.18 * meetings
            created = AS_OF - dt.timedelta(days=int(rng.integers(20 if later else 120, 60 if later else 200)))
            closed = (AS_OF + dt.timedelta(days=int(rng.integers(5, 60))) if later
                      else created + dt.timedelta(days=int(rng.integers(5, 15))))
            add_deal(customer, created, closed, bool(won), meetings)


def test_validate_deals_reports_auc_against_the_stage_baseline(database):
    clear_run_tables()
    seed_deals()
    result = subprocess.run(["crm", "validate", "--deals", "--as-of", AS_OF.isoformat(), "--json"],
                            env=cli_env(database), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert (body["trained_on"], body["tested_on"]) == (40, 40)
    assert body["method"] == "logistic_regression"
    assert body["auc"] > 0.7 and body["auc"] > body["stage_baseline_auc"]  # every deal is a lead
    assert sum(row["deals"] for row in body["calibration"]) == 40
    assert all(0 <= row["predicted"] <= 1 and 0 <= row["actual"] <= 1 for row in body["calibration"])
