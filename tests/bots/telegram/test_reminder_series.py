"""A rep on Telegram: "my reminders" lists every open reminder a page at a time with More; moving a repeating
reminder asks "Only this one" / "This and all following" on an inline keyboard and writes only after the press."""
from __future__ import annotations

from datetime import timedelta

from crm_core.models import AuditLog, Reminder, User, utcnow
from tests.bots.telegram.conftest import BOB


def _buttons(sent: dict) -> dict[str, str]:
    return {b["text"]: b["callback_data"] for row in sent["reply_markup"]["inline_keyboard"] for b in row}


def _state() -> dict[int, tuple]:
    return {r.id: (r.status, r.due_at, r.recurrence) for r in Reminder.select()}


def _on_telegram(rep: User) -> User:
    rep.telegram_user_id = BOB.id
    rep.save()
    return rep


def test_my_reminders_lists_all_open_ones_a_page_at_a_time(bot, tg_api, rep):
    _on_telegram(rep)
    for n in range(22):
        Reminder.create(user=rep, text=f"task {n:02d}", due_at=utcnow() + timedelta(days=4 * n + 1))
    tg_api.message(BOB, "show my reminders")
    first = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert "Showing 1–20 of 22." in first["text"] and "task 19" in first["text"] and "task 20" not in first["text"]
    assert "More" in _buttons(first)


def test_moving_a_weekly_reminder_for_all_following_asks_then_moves_the_series(bot, tg_api, rep):
    _on_telegram(rep)
    weekly = Reminder.create(user=rep, text="send the weekly report", due_at=utcnow() + timedelta(days=2),
                             recurrence="FREQ=WEEKLY;BYDAY=MO")
    before = _state()
    tg_api.message(BOB, "push the weekly report reminder to friday 10am")
    question = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert set(_buttons(question)) >= {"Only this one", "This and all following"} and _state() == before
    tg_api.press(BOB, _buttons(question)["This and all following"])
    done = tg_api.wait_for("sendMessage", chat_id=BOB.id, after=1)[-1]["text"]
    assert "Moved" in done and "every Friday" in done
    moved = Reminder.get_by_id(weekly.id)
    assert moved.recurrence == "FREQ=WEEKLY;BYDAY=FR" and moved.status == "pending"
    assert Reminder.select().count() == 1 and AuditLog.get(AuditLog.action == "move_reminder").entity_id == weekly.id


def test_another_reps_weekly_reminder_is_refused_and_nothing_is_asked(bot, tg_api, rep):
    _on_telegram(rep)
    sam = User.create(name="Sam Lee", role="rep", email="sam@crm.example")
    weekly = Reminder.create(user=sam, text="send the weekly report", due_at=utcnow() + timedelta(days=2),
                             recurrence="FREQ=WEEKLY")
    before = _state()
    tg_api.message(BOB, f"cancel reminder {weekly.id}")
    refused = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert "not yours" in refused["text"] and "reply_markup" not in refused and _state() == before
