"""Fixtures of the analytics tests: the CDNOW sample shipped in tests/data/cdnow."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

CDNOW = Path(__file__).resolve().parents[2] / "data" / "cdnow"
CALIBRATION_END = "1997-09-30"


@pytest.fixture(scope="session")
def cdnow_orders() -> pd.DataFrame:
    """CDNOW_sample.txt as orders[customer_id, date, amount] (one row per transaction)."""
    raw = pd.read_csv(
        CDNOW / "CDNOW_sample.txt", sep=r"\s+", header=None, dtype={2: str},
        names=["master_customer_id", "customer_id", "date", "number_of_cds", "amount"],
    )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return raw[["customer_id", "date", "amount"]]


@pytest.fixture(scope="session")
def cdnow_summary() -> pd.DataFrame:
    """The published calibration-period summary (frequency, recency, T in weeks)."""
    return pd.read_csv(CDNOW / "cdnow_customers_summary.csv", index_col="ID")


@pytest.fixture(scope="session")
def cdnow_master_orders() -> pd.DataFrame:
    """CDNOW_master.txt (23,570 customers, 1997-01 to 1998-06) as orders[customer_id, date, amount]."""
    raw = pd.read_csv(CDNOW / "CDNOW_master.txt", sep=r"\s+", header=0, dtype={0: str, 1: str},
                      names=["customer_id", "date", "number_of_cds", "amount"])
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return raw[["customer_id", "date", "amount"]]
