""""who's on the team" (issue 15 item 7, added through the one-place intent declaration of issue 18): the active
teammates with role, team and territory, a team's or the asker's own; a question, so nothing is written."""
from __future__ import annotations

import pytest

from crm_core import i18n
from crm_core.dialogue import converse
from crm_core.models import User
from crm_core.results import Rejected, Table

from .conftest import NOW, database_state


@pytest.fixture
def west(team):
    User.update(team="west", territory="emea").where(User.id.in_([team["manager"].id, team["maria"].id])).execute()
    User.create(name="Bob Stone", role="rep", email="bob@crm.example", team="west", is_active=False)
    return team


def ask(user: User, text: str):
    before = {k: v for k, v in database_state().items() if k != "conversations"}
    [answer] = converse(User.get_by_id(user.id), "roster", text, channel="console", now=NOW)  # as stored now
    assert {k: v for k, v in database_state().items() if k != "conversations"} == before  # a question writes nothing
    return answer


def test_the_team_lists_every_active_teammate_with_role_team_and_territory(west):
    roster = ask(west["sam"], "who's on the team?")
    assert isinstance(roster, Table) and roster.columns == ("Name", "Role", "Team", "Territory", "Email")
    assert [row[0] for row in roster.rows] == ["Ada Admin", "Sam Lee", "Maria Lopez", "Mona Manager"]  # no team first
    assert ("Maria Lopez", "rep", "west", "emea", "maria@crm.example") in roster.rows
    assert "Bob Stone" not in str(roster.rows)  # deactivated


def test_a_named_team_or_my_own_and_as_csv(west):
    named = ask(west["sam"], "show me the WEST team as csv")
    mine = ask(west["maria"], "who's on my team")
    assert named.csv and named.title == "The west team" and [r[0] for r in named.rows] == ["Maria Lopez", "Mona Manager"]
    assert mine.rows == named.rows and not mine.csv


def test_my_team_when_i_am_on_none_says_how_to_join_one(west):
    refused = ask(west["sam"], "who are my teammates")
    assert isinstance(refused, Rejected) and refused.message == "You are on no team yet."
    assert "put Sam on the west team" in refused.hint


def test_an_unknown_team_is_an_empty_answer_not_the_whole_team(west):
    empty = ask(west["sam"], "who's on the north team")
    assert empty.rows == () and empty.empty == "Nobody active is on the north team."


def test_the_roster_in_chinese(west):
    with i18n.speaking(i18n.CHINESE):
        roster = ask(west["maria"], "who's on my team")
    assert roster.title == "west 团队" and roster.columns == ("姓名", "角色", "团队", "区域", "邮箱")
    assert ("Maria Lopez", "销售", "west", "emea", "maria@crm.example") in roster.rows
