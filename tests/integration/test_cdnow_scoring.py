"""Right on real data: CDNOW imported as orders through `crm import orders`, scored by `crm score`,
gives the BG/NBD parameters Fader, Hardie & Lee (2005) published (time in weeks)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from crm_core.models import Customer, CustomerScore, Order
from tests.integration.analytics_seed import cli_env, clear_run_tables

CDNOW_SAMPLE = Path(__file__).resolve().parents[1] / "data" / "cdnow" / "CDNOW_sample.txt"
PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "log_likelihood": -9582.4}


def write_cdnow_orders_csv(path: Path) -> Path:
    """CDNOW_sample.txt (master_id sample_id YYYYMMDD cds dollars) as the importer's CSV:
    customer "CDNOW {master_id}", date YYYY-MM-DD, amount (zero amounts kept, as in the data)."""
    raw = pd.read_csv(CDNOW_SAMPLE, sep=r"\s+", header=None, dtype=str,
                      names=["master_id", "sample_id", "date", "cds", "dollars"])
    orders = pd.DataFrame({
        "customer": "CDNOW " + raw["master_id"],
        "date": pd.to_datetime(raw["date"], format="%Y%m%d").dt.strftime("%Y-%m-%d"),
        "amount": raw["dollars"],
    })
    orders.to_csv(path, index=False)
    return path


def crm(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["crm", *args], env=env, capture_output=True, text=True, timeout=300)


def test_crm_score_on_cdnow_matches_the_published_bgnbd_fit(database, tmp_path):
    clear_run_tables()
    env = cli_env(database)
    imported = crm("import", "orders", str(write_cdnow_orders_csv(tmp_path / "cdnow.csv")), env=env)
    assert imported.returncode == 0, imported.stderr
    assert Order.select().count() == 6919  # every transaction, the zero-dollar ones included
    assert Customer.select().count() == 2357
    assert Order.select().where(Order.amount == 0).count() > 0

    result = crm("score", "--as-of", "1997-09-30", "--json", env=env)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    fit = body["bgnbd"]
    assert fit["time_unit"] == "weeks"
    for name, published in PUBLISHED.items():
        assert fit[name] == pytest.approx(published, rel=0.01), name
    assert body["counts"]["customers_scored"] == 2357
    assert body["deal_model"]["method"] == "none"  # CDNOW has no deals
    alive = [c.p_alive for c in CustomerScore.select()]
    assert len(alive) == 2357 and all(0 < p <= 1 for p in alive)
