"""A small team and a few customers, on the parametrised database."""
from __future__ import annotations

from datetime import datetime

import pytest

from crm_core import bus
from crm_core.audit import snapshot
from crm_core.models import ALL_MODELS, Customer, User
from crm_core.names import normalize_name

NOW = datetime(2026, 11, 25, 10, 0)  # a Wednesday, naive UTC


@pytest.fixture
def team(database):
    def user(name, role, tz="UTC"):
        return User.create(name=name, role=role, email=f"{name.split()[0].lower()}@crm.example", timezone=tz)

    return {
        "admin": user("Ada Admin", "admin"),
        "manager": user("Mona Manager", "manager"),
        "maria": user("Maria Lopez", "rep", "America/New_York"),
        "sam": user("Sam Lee", "rep", "Europe/Berlin"),
    }


@pytest.fixture
def customers(team):
    def customer(name, city, owner=None):
        return Customer.create(name=name, name_norm=normalize_name(name), city=city,
                               owner=owner.id if owner else None)

    return {
        "acme": customer("Acme Corporation", "Springfield", team["maria"]),
        "acme_labs": customer("Acme Labs", "Boston", team["sam"]),
        "globex": customer("Globex Ltd", "London"),
        "muller": customer("Müller & Söhne GmbH", "Berlin"),
    }


@pytest.fixture
def run(team):
    """Run a command through the bus as a user (by fixture key) at NOW, or `at` a given time."""
    def _run(command, as_="maria", at=NOW):
        return bus.handle(command, team[as_], channel="console", now=at)
    return _run


def database_state() -> dict[str, list[dict]]:
    return {m._meta.table_name: [snapshot(r) for r in m.select().order_by(m._meta.primary_key)] for m in ALL_MODELS}
