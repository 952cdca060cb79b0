"""On Telegram, a rep merges with Yes/No buttons, and renames or archives their customers, refused for another's."""
from __future__ import annotations

import pytest

from crm_core.models import Customer, User
from crm_core.names import normalize_name
from tests.bots.telegram.conftest import BOB


@pytest.fixture
def maria(database) -> User:
    return User.create(name="Maria Lopez", role="rep", email="maria@crm.example", telegram_user_id=BOB.id)


def _customer(name: str, owner: User | None = None) -> Customer:
    return Customer.create(name=name, name_norm=normalize_name(name), owner=owner.id if owner else None)


def test_merge_by_button_rename_and_a_refusal(bot, tg_api, maria):
    kept, dup = _customer("Initech", maria), _customer("Initech Systems", maria)
    other = User.create(name="Sam Lee", role="rep")
    _customer("Hooli", other)
    tg_api.message(BOB, "merge initech systems into initech")
    question = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert "Merge Initech Systems into Initech" in question["text"]
    buttons = [b["callback_data"] for row in question["reply_markup"]["inline_keyboard"] for b in row]
    tg_api.press(BOB, buttons[0])
    done = tg_api.wait_for("sendMessage", chat_id=BOB.id, after=1)[-1]["text"]
    assert "Merged Initech Systems into Initech" in done
    assert Customer.get_or_none(Customer.id == dup.id) is None

    tg_api.message(BOB, "rename initech to Initech Global")
    assert "Initech → Initech Global" in tg_api.wait_for("sendMessage", chat_id=BOB.id, after=2)[-1]["text"]
    assert Customer.get_by_id(kept.id).name == "Initech Global"
    tg_api.message(BOB, "archive hooli")
    assert "belongs to Sam Lee" in tg_api.wait_for("sendMessage", chat_id=BOB.id, after=3)[-1]["text"]
    assert Customer.get(Customer.name == "Hooli").archived_at is None
