"""Team admin (issue 15 item 7): the database before and after, the audit row, the undo and the refusals, on
SQLite and PostgreSQL."""
from __future__ import annotations

import json

import pytest

from crm_core import bus
from crm_core import commands as c
from crm_core.models import AuditLog, Customer, Deal, Reminder, Ticket, User
from crm_core.names import normalize_name
from crm_core.results import Rejected, TeamChanged, Undone

from crm_core.audit import snapshot
from crm_core.models import TelegramInvite

from .conftest import NOW


def database_state() -> dict[str, list[dict]]:
    """The tables team admin may write."""
    return {m._meta.table_name: [snapshot(r) for r in m.select().order_by(m.id)]
            for m in (User, Customer, Deal, Ticket, Reminder, AuditLog, TelegramInvite)}


@pytest.fixture
def bobs_work(team, customers):
    """Bob (a rep on the west team, like Mona and Maria) owns 5 customers, 2 open deals and 1 won, an open
    ticket and a pending reminder."""
    bob = User.create(name="Bob Stone", role="rep", email="bob@crm.example", team="west")
    User.update(team="west").where(User.id.in_([team["manager"].id, team["maria"].id])).execute()
    for key in ("manager", "maria"):
        team[key].team = "west"
    owned = [Customer.create(name=f"Bob Account {k}", name_norm=normalize_name(f"Bob Account {k}"), owner=bob.id)
             for k in range(5)]
    Deal.create(customer=owned[0], title="Renewal", amount=100, stage="proposal", owner=bob.id)
    Deal.create(customer=owned[1], title="Pilot", amount=50, stage="lead", owner=bob.id)
    Deal.create(customer=owned[2], title="Old win", amount=70, stage="won", owner=bob.id)
    Ticket.create(number=1001, customer=owned[0], subject="Login fails", assignee=bob.id)
    Ticket.create(number=1002, customer=owned[0], subject="Fixed", status="closed", assignee=bob.id)
    Reminder.create(user=bob.id, customer=owned[0], text="call them", due_at=NOW, status="pending")
    return bob


def owners(model, field, user):
    return model.select().where(getattr(model, field) == user.id).count()


def test_give_all_of_bobs_accounts_to_maria_and_undo(run, team, bobs_work):
    before = database_state()
    done = run(c.ReassignWork(from_user="bob", to_user="maria"), as_="admin")
    assert isinstance(done, TeamChanged), done
    assert "5 customers (Bob Account 0, Bob Account 1, Bob Account 2 and 2 more)" in done.message
    assert owners(Customer, "owner", bobs_work) == 0 and owners(Customer, "owner", team["maria"]) == 6
    assert owners(Deal, "owner", bobs_work) == 3  # accounts only: deals stay
    moved = AuditLog.select().where((AuditLog.action == "reassign_work") & (AuditLog.entity == "customers"))
    assert moved.count() == 5
    row = moved.first()
    assert json.loads(row.before) == {"owner": bobs_work.id} and json.loads(row.after) == {"owner": team["maria"].id}
    assert isinstance(run(c.Undo(), as_="admin"), Undone)
    assert database_state()["customers"] == before["customers"]


def test_all_of_bobs_open_work_moves_and_closed_work_stays(run, team, bobs_work):
    done = run(c.ReassignWork(from_user="Bob Stone", to_user="maria", what="all"), as_="manager")
    assert isinstance(done, TeamChanged), done
    assert dict(done.moved) == {"customers": 5, "deals": 2, "tickets": 1, "reminders": 1}
    assert [d.title for d in Deal.select().where(Deal.owner == bobs_work.id)] == ["Old win"]
    assert Ticket.get(Ticket.number == 1002).assignee_id == bobs_work.id


@pytest.mark.parametrize("command, message", [
    (c.ReassignWork(from_user="bob", to_user="nobody"), "don't know a teammate"),
    (c.ReassignWork(from_user="bob", to_user="bob"), "someone else"),
    (c.ReassignWork(from_user="bob", to_user="maria", what="vibes"), "not something I can reassign"),
    (c.ReassignWork(from_user="sam", to_user="maria", what="tickets"), "no open tickets"),
    (c.DeactivateUser(user="bob"), "Who should take them over"),
    (c.DeactivateUser(user="ada"), "yourself"),
])
def test_bad_input_writes_nothing(run, bobs_work, command, message):
    before = database_state()
    refused = run(command, as_="admin")
    assert isinstance(refused, Rejected) and message in refused.message + (refused.hint or ""), refused
    assert database_state() == before


def test_an_ambiguous_name_is_asked_back(run, team, bobs_work):
    User.create(name="Bob Marley", role="rep")
    before = database_state()
    refused = run(c.ReassignWork(from_user="bob", to_user="maria"), as_="admin")
    assert isinstance(refused, Rejected) and "could be" in refused.message
    assert database_state() == before


def test_reps_are_refused_and_managers_only_for_their_team(run, team, bobs_work):
    before = database_state()
    for command in (c.ReassignWork(from_user="bob", to_user="maria"), c.DeactivateUser(user="bob", reassign_to="maria"),
                    c.AddTeammate(user="Dana Ruiz"), c.SetTeam(user="bob", team="east"),
                    c.SetRole(user="bob", role="manager")):
        refused = run(command, as_="sam")
        assert isinstance(refused, Rejected) and refused.code == "forbidden", (command, refused)
    refused = run(c.ReassignWork(from_user="bob", to_user="sam"), as_="manager")  # sam is not on the west team
    assert isinstance(refused, Rejected) and "not on your team" in refused.message
    refused = run(c.SetRole(user="bob", role="admin"), as_="manager")
    assert isinstance(refused, Rejected) and "Only admins" in refused.message
    assert database_state() == before
    assert run(c.SetRole(user="bob", role="manager"), as_="manager").role == "manager"


def test_deactivate_moves_open_work_and_the_user_can_no_longer_act(run, team, bobs_work):
    done = run(c.DeactivateUser(user="bob", reassign_to="maria"), as_="admin")
    assert isinstance(done, TeamChanged), done
    assert "Bob Stone is deactivated" in done.message and "went to Maria Lopez" in done.message
    assert not User.get_by_id(bobs_work.id).is_active
    assert owners(Customer, "owner", team["maria"]) == 6 and owners(Reminder, "user", team["maria"]) == 1
    audit = AuditLog.get((AuditLog.action == "deactivate_user") & (AuditLog.entity == "users"))
    assert json.loads(audit.before)["is_active"] is True and json.loads(audit.after)["is_active"] is False
    bob = User.get_by_id(bobs_work.id)
    refused = bus.handle(c.ShowTopCustomers(), bob, now=NOW)
    assert isinstance(refused, Rejected) and "deactivated" in refused.message
    given = run(c.ReassignWork(from_user="sam", to_user="bob"), as_="admin")
    assert isinstance(given, Rejected) and "Bob Stone is deactivated" in given.message
    assert isinstance(run(c.Undo(), as_="admin"), Undone)
    assert User.get_by_id(bobs_work.id).is_active and owners(Customer, "owner", bobs_work) == 5


def test_add_a_teammate_set_their_team_and_undo(run, team):
    added = run(c.AddTeammate(user="Dana Ruiz", email="Dana@Example.com", role="manager", team="East"), as_="admin")
    assert isinstance(added, TeamChanged), added
    dana = User.get(User.name == "Dana Ruiz")
    assert (dana.email, dana.role, dana.team, dana.is_active) == ("dana@example.com", "manager", "east", True)
    assert AuditLog.get((AuditLog.action == "add_teammate") & (AuditLog.entity == "users")).entity_id == dana.id
    again = run(c.AddTeammate(user="dana ruiz"), as_="admin")
    assert isinstance(again, Rejected) and "teammate already" in again.message
    moved = run(c.SetTeam(user="dana", team="west team", territory="EMEA"), as_="admin")
    assert isinstance(moved, TeamChanged) and "team west" in moved.message
    assert (User.get_by_id(dana.id).team, User.get_by_id(dana.id).territory) == ("west", "emea")
    assert isinstance(run(c.Undo(), as_="admin"), Undone)
    assert User.get_by_id(dana.id).team == "east"
    assert isinstance(run(c.Undo(), as_="admin"), Undone)
    assert User.get_or_none(User.name == "Dana Ruiz") is None


def test_a_manager_adds_to_their_own_team_only(run, team):
    User.update(team="west").where(User.id == team["manager"].id).execute()
    team["manager"].team = "west"
    added = run(c.AddTeammate(user="Eve Park"), as_="manager")
    assert isinstance(added, TeamChanged) and User.get(User.name == "Eve Park").team == "west"
    refused = run(c.AddTeammate(user="Finn Ode", team="east"), as_="manager")
    assert isinstance(refused, Rejected) and "west team only" in refused.message
    refused = run(c.AddTeammate(user="Finn Ode", role="admin"), as_="manager")
    assert isinstance(refused, Rejected) and User.get_or_none(User.name == "Finn Ode") is None


def test_a_bulk_undo_refuses_when_a_moved_row_changed_since(run, team, bobs_work):
    for k in range(5, 30):  # 30 accounts: their audit rows are reverted in bulk
        Customer.create(name=f"Bob Account {k}", name_norm=normalize_name(f"Bob Account {k}"), owner=bobs_work.id)
    assert isinstance(run(c.ReassignWork(from_user="bob", to_user="maria"), as_="admin"), TeamChanged)
    Customer.update(owner=team["sam"].id).where(Customer.name == "Bob Account 7").execute()
    refused = run(c.Undo(), as_="admin")
    assert isinstance(refused, Rejected) and "1 of its rows were changed since" in refused.message
    assert owners(Customer, "owner", bobs_work) == 0
    Customer.update(owner=team["maria"].id).where(Customer.name == "Bob Account 7").execute()
    assert isinstance(run(c.Undo(), as_="admin"), Undone)
    assert owners(Customer, "owner", bobs_work) == 30 and owners(Customer, "owner", team["maria"]) == 1
