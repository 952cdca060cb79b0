"""`crm chat` with its in-process worker: "rescore now" runs the scoring job and its answer is printed before the
chat exits; a rep is refused (issue 15 item 9)."""
from __future__ import annotations

from peewee import fn

from crm_core import db as crm_db
from crm_core import migrate
from crm_core.models import CustomerScore, Order, User
from tests.bots.test_console import chat
from tests.integration.analytics_seed import seed_buyers


def _seeded(tmp_path) -> int:
    """Buyers with orders and two teammates; the number of customers with orders."""
    database = crm_db.init(f"sqlite:///{tmp_path / 'crm.db'}")
    migrate.upgrade(database)
    seed_buyers(50)
    User.create(name="Ada Admin", role="admin", email="ada@crm.example")
    User.create(name="Rita Rep", role="rep", email="rita@crm.example")
    buyers = Order.select(fn.COUNT(fn.DISTINCT(Order.customer))).scalar()
    database.close()
    return buyers


def test_rescore_now_in_the_console_prints_the_answer_of_the_worker(tmp_path):
    buyers = _seeded(tmp_path)
    refused = chat(tmp_path, ["rescore now"], "--as", "rita")
    assert refused.returncode == 0 and "can't do that" in refused.stdout and "Rescored" not in refused.stdout
    done = chat(tmp_path, ["rescore now"], "--as", "ada")
    assert done.returncode == 0, done.stderr
    assert "I'll answer here when it's done" in done.stdout
    assert f"[to Ada Admin] Rescored {buyers:,} customers" in done.stdout
    database = crm_db.init(f"sqlite:///{tmp_path / 'crm.db'}")
    assert CustomerScore.select().count() == buyers
    database.close()
