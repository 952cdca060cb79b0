"""On Telegram, a manager makes a teammate of their team a manager with Yes/No buttons, puts them on a territory,
and is refused a teammate of another team; deactivated, they can no longer act as a teammate (issue 15 item 7)."""
from __future__ import annotations

import pytest

from crm_core.models import User
from tests.bots.telegram.conftest import BOB


@pytest.fixture
def mona(database) -> User:
    return User.create(name="Mona Manager", role="manager", team="west", email="mona@crm.example",
                       telegram_user_id=BOB.id)


def test_a_manager_changes_their_team_and_is_refused_another(bot, tg_api, mona):
    wendy = User.create(name="Wendy Hart", role="rep", team="west")
    eve = User.create(name="Eve Park", role="rep", team="east")
    tg_api.message(BOB, "make wendy a manager")
    question = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert "Make wendy a manager" in question["text"] and User.get_by_id(wendy.id).role == "rep"
    buttons = [b["callback_data"] for row in question["reply_markup"]["inline_keyboard"] for b in row]
    tg_api.press(BOB, buttons[0])
    assert "Wendy Hart is now a manager" in tg_api.wait_for("sendMessage", chat_id=BOB.id, after=1)[-1]["text"]
    assert User.get_by_id(wendy.id).role == "manager"

    tg_api.message(BOB, "wendy's territory is emea")
    assert "territory emea" in tg_api.wait_for("sendMessage", chat_id=BOB.id, after=2)[-1]["text"]
    assert User.get_by_id(wendy.id).territory == "emea"

    tg_api.message(BOB, "make eve a manager")
    refused = tg_api.wait_for("sendMessage", chat_id=BOB.id, after=3)[-1]["text"]
    assert "Eve Park is not on your team" in refused and User.get_by_id(eve.id).role == "rep"

    User.update(is_active=False).where(User.id == mona.id).execute()  # deactivated: no longer a rep here
    tg_api.message(BOB, "make wendy a rep")
    answer = tg_api.wait_for("sendMessage", chat_id=BOB.id, after=4)[-1]
    assert "reply_markup" not in answer and User.get_by_id(wendy.id).role == "manager"
