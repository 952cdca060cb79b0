"""`crm validate` on the CRM's own orders: CDNOW_master imported with `crm import orders`, fitted to
1997-09-30 and compared with what each customer did afterwards."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd

from tests.integration.analytics_seed import cli_env, clear_run_tables

MASTER = Path(__file__).resolve().parents[1] / "data" / "cdnow" / "CDNOW_master.txt"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def write_master_csv(path: Path) -> Path:
    raw = pd.read_csv(MASTER, sep=r"\s+", header=0, dtype=str, names=["id", "date", "cds", "dollars"])
    pd.DataFrame({"customer": "CDNOW " + raw["id"],
                  "date": pd.to_datetime(raw["date"], format="%Y%m%d").dt.strftime("%Y-%m-%d"),
                  "amount": raw["dollars"]}).to_csv(path, index=False)
    return path


def crm(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["crm", *args], env=env, capture_output=True, text=True, timeout=600)


def test_validate_on_cdnow_master_beats_recency_with_calibrated_deciles(database, tmp_path):
    clear_run_tables()
    env = cli_env(database)
    imported = crm("import", "orders", str(write_master_csv(tmp_path / "master.csv")), env=env)
    assert imported.returncode == 0, imported.stderr

    result = crm("validate", "--as-of", "1997-09-30", "--horizon", "90d", "--json",
                 "--out", str(tmp_path / "plots"), env=env)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["customers"] == 23_570
    assert body["auc"]["churn_risk"] > body["auc"]["recency"] > 0.7
    assert body["beats_recency"] is True
    assert all(abs(r["predicted"] - r["actual"]) < 0.05 for r in body["calibration"])
    assert body["purchases"]["weeks_observed"] == 39 and body["purchases"]["actual"] > 0
    assert len(body["purchases"]["weekly"]) == 39
    for plot in body["plots"]:
        assert Path(plot).read_bytes()[:8] == PNG_MAGIC

    text = crm("validate", "--as-of", "1997-09-30", env=env)
    assert "AUC" in text.stdout and "days since last purchase" in text.stdout

    segmented = crm("segment", "--as-of", "1997-09-30", "--json", env=env)
    assert segmented.returncode == 0, segmented.stderr
    counts = json.loads(segmented.stdout)["counts"]
    assert len(counts) >= 5 and max(counts.values()) <= 0.4 * 23_570
    clusters = json.loads(crm("segment", "--as-of", "1997-09-30", "--method", "kmeans", "--json", env=env).stdout)
    assert clusters["method"] == "kmeans" and 0 < clusters["silhouette"] <= 1


def test_validate_deals_without_history_says_so_instead_of_scoring(database):
    env = cli_env(database)
    result = crm("validate", "--as-of", "2026-01-01", "--deals", env=env)
    assert result.returncode == 0, result.stderr
    assert "too little history" in result.stdout
    assert "AUC" not in result.stdout


def test_validate_refuses_a_date_with_nothing_after_it(database, tmp_path):
    env = cli_env(database)
    path = tmp_path / "orders.csv"
    path.write_text("customer,date,amount\nAcme,2024-01-05,10\nAcme,2024-02-05,12\nGlobex,2024-01-09,7\n")
    assert crm("import", "orders", str(path), env=env).returncode == 0
    result = crm("validate", "--as-of", "2024-06-30", env=env)
    assert result.returncode != 0
    assert "No orders after 30 Jun 2024" in result.stdout + result.stderr
