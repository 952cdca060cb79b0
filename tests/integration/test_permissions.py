"""Who may do what: reps their own work, managers anyone's, admins the roles."""
from __future__ import annotations

from crm_core import commands as c
from crm_core.models import Deal, User
from crm_core.results import Rejected


def test_a_manager_moves_any_reps_deal(run, customers):
    deal_id = run(c.CreateDeal(customer="Acme Labs", amount=10), as_="sam").deal_id
    assert not isinstance(run(c.MoveDeal(deal_id=deal_id, stage="won"), as_="manager"), Rejected)
    assert Deal.get_by_id(deal_id).stage == "won"


def test_a_rep_moves_their_own_deal(run, customers):
    deal_id = run(c.CreateDeal(customer="Acme Labs", amount=10), as_="sam").deal_id
    assert run(c.MoveDeal(deal_id=deal_id, stage="qualified"), as_="sam").to_stage == "qualified"


def test_a_rep_takes_an_unassigned_ticket_but_not_someone_elses(run, customers):
    run(c.OpenTicket(customer="Globex", subject="Broken"))
    assert not isinstance(run(c.UpdateTicket(ticket=1001, assignee="me"), as_="sam"), Rejected)
    refused = run(c.UpdateTicket(ticket=1001, status="closed"), as_="maria")
    assert isinstance(refused, Rejected) and refused.code == "forbidden"


def test_only_admins_change_roles_and_the_last_admin_stays(run, team):
    assert run(c.SetRole(user="maria", role="manager"), as_="admin").role == "manager"
    assert User.get_by_id(team["maria"].id).role == "manager"
    refused = run(c.SetRole(user="ada", role="rep"), as_="admin")
    assert isinstance(refused, Rejected) and "only admin" in refused.message
    assert isinstance(run(c.SetRole(user="sam", role="admin"), as_="sam"), Rejected)


def test_a_deactivated_user_is_refused(run, team, customers):
    User.update(is_active=False).where(User.id == team["sam"].id).execute()
    team["sam"].is_active = False
    refused = run(c.AddCustomer(customer="Fresh Co"), as_="sam")
    assert isinstance(refused, Rejected) and "deactivated" in refused.message
