"""`crm duplicates` lists likely pairs with a score; `crm merge A B` shows what moves and merges only with --yes."""
from __future__ import annotations

import sqlite3

from crm_core.models import Customer
from crm_core.names import normalize_name
from crm_core.services.duplicates import find_duplicates

from .test_data_cli import count, crm  # noqa: F401  (the fixture)

CUSTOMERS = """name,email,phone,city
Acme Labs,buy@acmelabs.com,+1 555 0100,Boston
Acme Lab,sales@acmelabs.com,,Boston
Globex,info@globex.com,+44 20 7946 0958,London
Globex Industries,,+44 20 7946 0958,
Initech,a@gmail.com,,
Umbrella,b@gmail.com,,
"""


def test_duplicates_lists_the_likely_pairs_best_first_and_merge_needs_yes(crm, tmp_path):  # noqa: F811
    (tmp_path / "c.csv").write_text(CUSTOMERS, encoding="utf-8")
    assert crm("import", "customers", "c.csv").returncode == 0
    listed = crm("duplicates")
    assert listed.returncode == 0, listed.stderr
    lines = [line for line in listed.stdout.splitlines() if "~" in line]
    assert len(lines) == 2 and "Acme Lab" in lines[0] and "same email domain acmelabs.com" in lines[0]
    assert "Globex" in lines[1] and "same phone" in lines[1]
    assert "Initech" not in listed.stdout  # both on gmail.com: says nothing

    preview = crm("merge", "Globex Industries", "Globex")
    assert preview.returncode == 0 and "Nothing was changed" in preview.stdout
    assert count(crm.db_file, "customers") == 6
    done = crm("merge", "Globex Industries", "Globex", "--yes")
    assert done.returncode == 0, done.stderr
    assert "Merged Globex Industries into Globex" in done.stdout
    with sqlite3.connect(crm.db_file) as connection:
        names = [n for (n,) in connection.execute("SELECT name FROM customers ORDER BY name")]
    assert "Globex Industries" not in names and "Globex" in names

    unknown = crm("merge", "Hooli", "Globex", "--yes")
    assert unknown.returncode == 2 and "Hooli" in unknown.stderr
    assert count(crm.db_file, "customers") == 5


def test_names_alone_make_a_pair_and_archived_customers_are_left_out(database):
    def add(name, **fields):
        return Customer.create(name=name, name_norm=normalize_name(name), **fields)

    add("Stark Industries")
    add("Stark Industry")
    add("Wayne Enterprises")
    pairs = find_duplicates()
    assert [(p.first.name, p.second.name) for p in pairs] == [("Stark Industries", "Stark Industry")]
    assert 0.8 <= pairs[0].score < 1
    Customer.update(archived_at=Customer.created_at).where(Customer.name == "Stark Industry").execute()
    assert find_duplicates() == []
