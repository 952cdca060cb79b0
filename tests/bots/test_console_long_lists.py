"""`crm chat` and long lists: the first page, which rows of how many, and the whole list in a CSV file."""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from bots.console import chat
from crm_core.models import Customer, CustomerScore, User
from crm_core.names import normalize_name


def test_a_long_segment_shows_a_page_and_writes_the_whole_list_as_csv(database):
    maria = User.create(name="Maria Lopez", role="rep", email="maria@crm.example")
    for n in range(45):
        name = f"Customer {n:02d} GmbH"
        customer = Customer.create(name=name, name_norm=normalize_name(name), city="Berlin", segment="champions",
                                   segment_at=date(2026, 1, 1))
        CustomerScore.create(customer=customer, lifetime_value=float(n), score_version="test",
                             scored_at=date(2026, 1, 1))
    out = io.StringIO()
    chat(maria, ["list champions customers"], out)
    said = out.getvalue()
    assert "45 customers are champions" in said and "Showing 1–20 of 45." in said
    assert "Customer 44 GmbH" in said and "Customer 24 GmbH" not in said
    path = Path(re.search(r"The whole list: (\S+\.csv)", said).group(1))
    try:
        rows = list(csv.reader(path.open(encoding="utf-8")))
    finally:
        path.unlink()
    assert rows[0] == ["Customer", "City", "Value"] and len(rows) == 46  # all 45, though the segment listed 20
    assert rows[-1][0] == "Customer 00 GmbH"
