"""`crm reassign FROM TO` and `crm deactivate USER --to NAME`: a preview without --yes, the move with it, refusals."""
from __future__ import annotations

import sqlite3

from .test_data_cli import crm  # noqa: F401  (the fixture)

SEED = """
INSERT INTO users (name, email, role, timezone, is_active, created_at) VALUES
  ('Ada Admin', 'ada@x.example', 'admin', 'UTC', 1, '2026-01-01'),
  ('Bob Stone', 'bob@x.example', 'rep', 'UTC', 1, '2026-01-01'),
  ('Maria Lopez', 'maria@x.example', 'rep', 'UTC', 1, '2026-01-01');
"""


def owners(db_file) -> dict[str, int]:
    with sqlite3.connect(db_file) as connection:
        rows = connection.execute("SELECT u.name, count(c.id) FROM users u LEFT JOIN customers c ON c.owner_id = u.id "
                                  "GROUP BY u.name").fetchall()
    return dict(rows)


def seed(db_file) -> None:
    with sqlite3.connect(db_file) as connection:
        connection.executescript(SEED)
        bob = connection.execute("SELECT id FROM users WHERE name = 'Bob Stone'").fetchone()[0]
        connection.executemany("INSERT INTO customers (name, name_norm, owner_id, is_lead, outreach_opt_in, "
                               "created_at, updated_at, support_new_ticket) "
                               "VALUES (?, ?, ?, 0, 1, '2026-01-01', '2026-01-01', 0)",
                               [(f"Bob Co {k}", f"bob co {k}", bob) for k in range(12)])


def test_reassign_previews_then_moves_with_yes_and_deactivate_refuses_a_rep(crm):  # noqa: F811
    assert crm("db", "upgrade").returncode == 0
    seed(crm.db_file)
    preview = crm("reassign", "bob", "maria")
    assert preview.returncode == 0, preview.stderr
    assert "Give Bob Stone's 12 customers (Bob Co 0, Bob Co 1, Bob Co 2 and 9 more) to Maria Lopez" in preview.stdout
    assert "Nothing was changed" in preview.stdout and owners(crm.db_file)["Bob Stone"] == 12
    unknown = crm("reassign", "bob", "nobody", "--yes")
    assert unknown.returncode == 2 and "don't know a teammate" in unknown.stderr
    refused = crm("reassign", "bob", "maria", "--yes", "--as", "maria")
    assert refused.returncode == 2 and "can't do that" in refused.stderr and owners(crm.db_file)["Bob Stone"] == 12
    done = crm("reassign", "bob", "maria", "--yes")
    assert done.returncode == 0, done.stderr
    assert owners(crm.db_file) == {"Ada Admin": 0, "Bob Stone": 0, "Maria Lopez": 12}
    gone = crm("deactivate", "bob", "--yes")
    assert gone.returncode == 0 and "Bob Stone is deactivated" in gone.stdout
    to_gone = crm("reassign", "maria", "bob", "--yes")
    assert to_gone.returncode == 2 and "Bob Stone is deactivated" in to_gone.stderr
    with sqlite3.connect(crm.db_file) as connection:
        audited = connection.execute("SELECT count(*) FROM audit_log WHERE action = 'reassign_work' "
                                     "AND entity = 'customers' AND channel = 'cli'").fetchone()[0]
    assert audited == 12
