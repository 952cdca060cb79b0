"""All orders of the CRM as a DataFrame[customer_id, date, amount] for validation."""
from __future__ import annotations

import pandas as pd

from crm_core.analytics.jobs_sql import query_frame


def read_all_orders() -> pd.DataFrame:
    frame = query_frame("SELECT customer_id, date, amount FROM orders", (),
                        ("customer_id", "date", "amount"))
    frame["date"] = pd.to_datetime(frame["date"])
    frame["amount"] = pd.to_numeric(frame["amount"], errors="coerce")
    return frame
