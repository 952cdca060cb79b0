"""The labelled chat corpus (tests/data/corpus): frozen test split, valid labels, and the grader's rules."""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from crm_core.models import SEGMENTS
from crm_core.nlp.grading import grade, same, wrong_slots

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
SLOTS: dict[str, frozenset[str]] = {intent: frozenset(names.split()) for intent, names in {
    "log_activity": "kind customer summary follow_up contact",
    "create_deal": "customer amount currency stage title expected_close",
    "move_deal": "customer stage",
    "update_deal": "customer amount currency expected_close title owner next_step",
    "show_deal": "customer title",
    "open_ticket": "customer subject priority",
    "update_ticket": "ticket status assignee priority subject customer",
    "show_ticket": "ticket",
    "show_tickets": "status customer assignee priority unassigned older_days breaching",
    "show_top_customers": "limit metric",
    "show_customer": "customer",
    "add_customer": "customer email phone",
    "show_pipeline": "owner stage customer min_amount max_amount close_from close_to created_from created_to "
                     "idle_days stage_days older_days sort",
    "show_segment": "segment",
    "remind": "when customer text recurrence",
    "show_reminders": "days",
    "invite_customer": "customer",
    "invite_rep": "",
    "set_notify_via": "via",
    "subscribe_digest": "frequency at weekday via",
    "unsubscribe_digest": "",
    "show_digest": "",
    "send_outreach": "segment message",
    "show_outreach": "",
    "help": "",
    "undo": "",
    "correct": "customer amount currency date stage kind",
    "cancel": "",
    "unknown": "",
}.items()}
CANONICAL: dict[str, frozenset[str]] = {slot: frozenset(values.split()) for slot, values in {
    "stage": "lead qualified proposal negotiation won lost",
    "kind": "call meeting email note",
    "priority": "low normal high urgent",
    "status": "open pending resolved closed",
    "segment": " ".join(SEGMENTS),
    "metric": "revenue score",
    "via": "telegram slack email sms whatsapp console",
    "frequency": "daily weekly monthly",
    "weekday": "mon tue wed thu fri sat sun",
    "sort": "amount close",
}.items()}
# Intents added after the first split: labelled in train.jsonl only (test.jsonl is frozen without them).
LATER_SLOTS: dict[str, frozenset[str]] = {intent: frozenset(names.split()) for intent, names in {
    "update_customer": "customer new_name email phone city owner tags untag archive",
    "merge_customers": "customer into",
    "add_contact": "contact customer title email phone telegram",
    "update_contact": "contact customer title email phone telegram",
    "delete_contact": "contact customer",
    "show_contacts": "customer",
    "delete_deal": "customer title",  # issue 15's deal, activity and ticket edits: split_edits.py
    "update_activity": "activity_id kind summary customer",
    "delete_activity": "activity_id kind customer",
    "merge_tickets": "ticket into_ticket",
    "add_ticket_note": "ticket body",
    # issue 14's customer, my-day and report questions: split_reports.py (csv / chart: "as csv", "chart" said)
    "show_customer": "customer timeline csv",
    "show_top_customers": "limit metric since until csv chart",
    "show_reminders": "days csv",
    "show_tickets": "status customer assignee priority unassigned older_days breaching csv",
    "list_customers": "city segment owner idle_days no_order_since csv",
    "show_my_day": "part csv",
    "show_report": "report owner since until csv chart from_segment to_segment",
    # issue 15's team admin: split_admin.py
    "add_teammate": "user email role team", "set_role": "user role", "set_team": "user team territory",
    "deactivate_user": "user reassign_to", "reassign_work": "from_user to_user what",
    "show_team": "team csv",  # the read side of team admin (issue 15 item 7): train lines only so far
    # issue 15's reminder changes: split_reminders.py
    "complete_reminder": "reminder reminder_id", "cancel_reminder": "reminder reminder_id",
    "snooze_reminder": "reminder reminder_id days hours minutes", "move_reminder": "reminder reminder_id when",
    # issue 15's analytics on demand ("rescore now"): split_analytics.py
    "run_analytics": "job",
    # issue 15's money in currencies: split_money.py (rate as written, a string, so it stays exact)
    "set_rate": "currency rate base", "show_rates": "",
}.items()}
CANONICAL_LATER = {"archive": frozenset(("archive", "unarchive")), "metric": frozenset("revenue score orders value".split()),
                   "part": frozenset(("follow_ups", "deals")), "role": frozenset(("rep", "manager", "admin")),
                   "what": frozenset(("customers", "deals", "tickets", "reminders", "all")),
                   "report": frozenset("leaderboard win_rate deal_size sales_cycle funnel forecast activity tickets "
                                       "revenue segments segment_moves".split()),
                   "job": frozenset(("score", "segment")), "from_segment": frozenset(SEGMENTS),
                   "to_segment": frozenset(SEGMENTS)}
DATE_SLOTS = frozenset({"follow_up", "when", "expected_close", "date", "close_from", "close_to", "created_from",
                        "created_to", "since", "until", "no_order_since"})
INTEGER_SLOTS = frozenset({"ticket", "limit", "days", "idle_days", "stage_days", "older_days", "activity_id",
                           "into_ticket", "reminder_id", "hours", "minutes"})
FLAG_SLOTS = frozenset({"unassigned", "breaching", "timeline", "csv", "chart"})  # true when said, else left out


def read(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def stored_customers() -> set[str]:
    with (CORPUS / "customers.csv").open(encoding="utf-8") as fh:
        return {row["name"] for row in csv.DictReader(fh)}


def not_customers() -> set[str]:
    """Companies that are deliberately not in customers.csv (a deal or ticket for someone new)."""
    return set((CORPUS / "new_customers.txt").read_text(encoding="utf-8").split("\n")) - {""}


TRAIN, TEST, TEST_NEW = read("train.jsonl"), read("test.jsonl"), read("test_new.jsonl")  # test_new: split_new.py
TEST_QUESTIONS = read("test_deal_ticket_questions.jsonl")  # issue 14's deal and ticket questions: split_questions.py
TEST_REPORTS = read("test_day_reports.jsonl")  # issue 14's customer, my-day and report questions: split_reports.py
TEST_EDITS = read("test_edits.jsonl")  # issue 15's deal, activity and ticket edits: split_edits.py
TEST_ADMIN = read("test_admin.jsonl")  # issue 15's team admin: split_admin.py
TEST_REMINDERS = read("test_reminders.jsonl")  # issue 15's reminder changes: split_reminders.py
TEST_ANALYTICS = read("test_analytics.jsonl")  # "rescore now" and the segment reports: split_analytics.py
TEST_MONEY = read("test_money.jsonl")  # issue 15's money in currencies: split_money.py
TEST_WORDS = read("test_words.jsonl")  # issue 12's fourth batch: split_words.py
TEST_VARIED = read("test_varied.jsonl")  # issue 12's fifth batch: split_varied.py
REMINDER_INTENTS = ("complete_reminder", "snooze_reminder", "move_reminder", "cancel_reminder")
ADMIN_INTENTS = ("add_teammate", "set_role", "set_team", "deactivate_user", "reassign_work")


@pytest.mark.parametrize("name", ["test", "test_new", "test_deal_ticket_questions", "test_edits", "test_admin",
                                  "test_reminders", "test_money", "test_understanding",
                                  "test_frames", "test_words", "test_varied"])
def test_the_test_splits_are_frozen(name: str) -> None:
    recorded = (CORPUS / f"{name}.sha256").read_text(encoding="utf-8").split()[0]
    assert hashlib.sha256((CORPUS / f"{name}.jsonl").read_bytes()).hexdigest() == recorded


def test_the_corpus_is_big_enough_and_the_test_splits_a_quarter() -> None:
    """The frozen splits hold a quarter of the corpus between them: the first split and split_new.py's at first, then
    each later batch's own split (split_*.py), since a batch's train part grows train.jsonl and its test part a split
    of its own."""
    tested = len(TEST) + len(TEST_NEW)
    assert len(TRAIN) + tested >= 3300
    tested = sum(len(read(path.name)) for path in CORPUS.glob("test*.jsonl"))
    assert 0.2 <= tested / (len(TRAIN) + tested) <= 0.3


def test_train_and_test_share_no_text() -> None:
    def texts(rows: list[dict[str, Any]]) -> set[str]:
        return {row["text"].strip().lower() for row in rows}

    assert not texts(TRAIN) & (texts(TEST) | texts(TEST_NEW))
    assert not texts(TEST) & texts(TEST_NEW)
    assert not texts(TEST_QUESTIONS) & (texts(TRAIN) | texts(TEST) | texts(TEST_NEW))
    assert not texts(TEST_EDITS) & (texts(TRAIN) | texts(TEST) | texts(TEST_NEW) | texts(TEST_QUESTIONS))
    assert all(len(texts(rows)) == len(rows) for rows in (TRAIN, TEST, TEST_NEW, TEST_QUESTIONS, TEST_EDITS))


def test_the_fourth_batch_is_tested_apart_from_what_was_trained() -> None:
    """split_words.py sent a quarter of the batch to the frozen split; none of its lines is trained on."""
    trained = {row["text"].strip().lower() for row in TRAIN}
    assert len(TEST_WORDS) >= 40 and not trained & {row["text"].strip().lower() for row in TEST_WORDS}
    assert {"unknown", "show_my_day", "show_report"} <= {row["intent"] for row in TEST_WORDS}


def test_the_fifth_batch_is_tested_apart_from_what_was_trained_and_is_valid() -> None:
    """split_varied.py sent a quarter of each intent of the batch to the frozen split; none of it is trained on."""
    trained = {row["text"].strip().lower() for row in TRAIN}
    assert len(TEST_VARIED) >= 80 and not trained & {row["text"].strip().lower() for row in TEST_VARIED}
    assert {"unknown", "log_activity", "show_report", "correct"} <= {row["intent"] for row in TEST_VARIED}
    customers, new = stored_customers(), not_customers()
    assert {row["text"]: p for row in TEST_VARIED if (p := _problems(row, customers, new))} == {}


def test_the_deal_and_ticket_questions_test_split_is_a_quarter_of_each_intent() -> None:
    """split_questions.py sent 25% of each intent's questions to the frozen split, the rest to train."""
    asked = Counter(row["intent"] for row in TEST_QUESTIONS)
    assert set(asked) == {"show_pipeline", "show_tickets", "show_deal", "show_ticket"} and sum(asked.values()) >= 35


def test_the_edits_test_split_is_a_quarter_of_each_intent() -> None:
    """split_edits.py sent 25% of each intent's edits to the frozen split (by masked sentence), the rest to train."""
    tested = Counter(row["intent"] for row in TEST_EDITS)
    trained = Counter(row["intent"] for row in TRAIN)
    edits = ("delete_deal", "update_activity", "delete_activity", "merge_tickets", "add_ticket_note")
    assert all(tested[intent] >= 4 for intent in edits) and sum(tested.values()) >= 30
    assert all(0.15 <= tested[intent] / (tested[intent] + trained[intent]) <= 0.35 for intent in edits)


def test_the_admin_test_split_is_a_quarter_of_each_intent_and_shares_no_text() -> None:
    """split_admin.py sent 25% of each team-admin intent to the frozen split, the rest to train; the later batches
    with admin phrasings (split_words.py, split_varied.py) did the same with theirs."""
    tested = Counter(row["intent"] for row in TEST_ADMIN)
    trained = Counter(row["intent"] for row in TRAIN)
    assert set(tested) == set(ADMIN_INTENTS) and sum(tested.values()) + sum(trained[i] for i in ADMIN_INTENTS) >= 60
    tested = Counter(row["intent"] for row in TEST_ADMIN + TEST_WORDS + TEST_VARIED)
    assert all(0.15 <= tested[intent] / (tested[intent] + trained[intent]) <= 0.35 for intent in ADMIN_INTENTS)
    others = TRAIN + TEST + TEST_NEW + TEST_QUESTIONS + TEST_EDITS
    assert not {r["text"].strip().lower() for r in TEST_ADMIN} & {r["text"].strip().lower() for r in others}


def test_the_reminder_test_split_is_a_quarter_of_each_intent_and_shares_no_text() -> None:
    """split_reminders.py sent 25% of each reminder-change intent to the frozen split, the rest to train."""
    tested = Counter(row["intent"] for row in TEST_REMINDERS)
    trained = Counter(row["intent"] for row in TRAIN)
    assert all(0.15 <= tested[intent] / (tested[intent] + trained[intent]) <= 0.35 for intent in REMINDER_INTENTS)
    others = TRAIN + TEST + TEST_NEW + TEST_QUESTIONS + TEST_EDITS + TEST_ADMIN
    assert not {r["text"].strip().lower() for r in TEST_REMINDERS} & {r["text"].strip().lower() for r in others}


def test_the_money_test_split_is_a_quarter_of_each_intent_and_shares_no_text() -> None:
    """split_money.py sent 25% of each intent of the money phrasings to the frozen split, the rest to train."""
    tested = Counter(row["intent"] for row in TEST_MONEY)
    assert {"create_deal", "update_deal", "set_rate", "show_rates"} <= set(tested) and sum(tested.values()) >= 20
    rates = sum(1 for row in TRAIN if row["intent"] in ("set_rate", "show_rates"))
    rates_tested = tested["set_rate"] + tested["show_rates"]
    assert 0.15 <= rates_tested / (rates_tested + rates) <= 0.35
    others = TRAIN + TEST + TEST_NEW + TEST_QUESTIONS + TEST_EDITS + TEST_ADMIN + TEST_REMINDERS
    assert not {r["text"].strip().lower() for r in TEST_MONEY} & {r["text"].strip().lower() for r in others}


def test_no_hand_written_sentence_is_on_both_sides() -> None:
    """The fillings of one source sentence (another customer, date or amount) stay on one side of the split."""
    template_of = {row["text"]: row["template"].lower() for row in read("all.jsonl")}
    assert all(row["text"] in template_of for row in TEST)
    built = [row for row in TRAIN if row["text"] in template_of]  # lines appended later have no template
    assert len(template_of) == len(built) + len(TEST)
    assert not {template_of[row["text"]] for row in built} & {template_of[row["text"]] for row in TEST}


def test_every_intent_has_at_least_twelve_test_lines() -> None:
    counts = Counter(row["intent"] for row in TEST)
    assert {intent: counts[intent] for intent in SLOTS if counts[intent] < 12} == {}


def _problems(row: dict[str, Any], customers: set[str], new: set[str]) -> list[str]:
    intent, slots, known = row.get("intent"), row.get("slots"), {**SLOTS, **LATER_SLOTS}
    if intent not in known or not isinstance(slots, dict) or not str(row.get("text", "")).strip():
        return [f"intent {intent!r} or slots {slots!r}"]
    problems = [f"slot {slot!r} not of {intent}" for slot in slots if slot not in known[intent]]
    for slot, value in slots.items():
        if slot in (canonical := {**CANONICAL, **CANONICAL_LATER}) and value not in canonical[slot]:
            problems.append(f"{slot}={value!r} not canonical")
        if slot in DATE_SLOTS and not _iso(value):
            problems.append(f"{slot}={value!r} not an ISO date")
        if slot in INTEGER_SLOTS and (not isinstance(value, int) or isinstance(value, bool)):
            problems.append(f"{slot}={value!r} not an integer")
        if slot in FLAG_SLOTS and value is not True:
            problems.append(f"{slot}={value!r} not true")
        if slot in ("amount", "min_amount", "max_amount") and not (isinstance(value, (int, float)) and value > 0):
            problems.append(f"amount={value!r} not a number")
        if slot == "currency" and not re.fullmatch(r"[A-Z]{3}", str(value)):
            problems.append(f"currency={value!r} not ISO 4217")
        if slot == "at" and not re.fullmatch(r"\d{2}:\d{2}", str(value)):
            problems.append(f"at={value!r} not HH:MM")
    customer = slots.get("customer")
    if customer is not None and intent != "add_customer" and customer not in customers | new:
        problems.append(f"customer {customer!r} neither stored nor a known new company")
    return problems


def _iso(value: object) -> bool:
    text = str(value)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text) is not None
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text) is not None and bool(datetime.fromisoformat(text))
    except ValueError:
        return False


@pytest.mark.parametrize("name", ["train.jsonl", "test.jsonl", "test_new.jsonl", "test_deal_ticket_questions.jsonl",
                                  "test_edits.jsonl", "test_admin.jsonl", "test_reminders.jsonl", "test_money.jsonl"])
def test_every_line_is_a_valid_label(name: str) -> None:
    customers, new = stored_customers(), not_customers()
    assert not new & customers
    bad = {row.get("text"): p for row in read(name) if (p := _problems(row, customers, new))}
    assert bad == {}


def test_the_validator_rejects_bad_labels() -> None:
    customers, new = {"Hooli"}, set()
    assert _problems({"text": "x", "intent": "move_deal", "slots": {"customer": "Hooli", "stage": "won"}},
                     customers, new) == []
    assert _problems({"text": "x", "intent": "move_deal", "slots": {"stage": "signed"}}, customers, new)
    assert _problems({"text": "x", "intent": "show_deal", "slots": {"amount": 5}}, customers, new)
    assert _problems({"text": "x", "intent": "remind", "slots": {"when": "2026-02-30"}}, customers, new)
    assert _problems({"text": "x", "intent": "show_customer", "slots": {"customer": "Globex"}}, customers, new)
    assert _problems({"text": "x", "intent": "launch_rocket", "slots": {}}, customers, new)


# The grader's rules
@pytest.mark.parametrize(("slot", "want", "got", "right"), [
    ("customer", "Acme Corporation", "acme corporation", True),
    ("customer", "O'Brien Logistics", " o’brien logistics.", True),
    ("customer", "Acme Corporation", "Acme Labs", False),
    ("amount", 12000, "12000.0", True),
    ("amount", 12000, 1200, False),
    ("ticket", 42, 42, True),
    ("follow_up", "2026-11-27", "2026-11-27T09:00", True),
    ("follow_up", "2026-11-27", "2026-11-28", False),
    ("when", "2026-11-27T15:00", "2026-11-27T15:00:00", True),
    ("when", "2026-11-27T15:00", "2026-11-27", False),
    ("when", "2026-11-27T15:00", "2026-11-27T03:00", False),
    ("segment", "at_risk", "at risk", True),
    ("recurrence", "FREQ=WEEKLY;BYDAY=MO", "BYDAY=MO;FREQ=WEEKLY", True),
    ("stage", "won", None, False),
])
def test_slot_comparison(slot: str, want: Any, got: Any, right: bool) -> None:
    assert same(slot, want, got) is right


def test_free_text_slots_are_not_graded_and_extra_slots_cost_nothing() -> None:
    label = {"text": "t", "intent": "log_activity",
             "slots": {"kind": "call", "summary": "they want a demo", "customer": "Hooli"}}
    assert wrong_slots(label, {"kind": "call", "summary": "something else", "customer": "hooli",
                               "follow_up": "2026-11-27"}) == []
    assert wrong_slots(label, {"kind": "email", "customer": "hooli"}) == ["kind='email' (want 'call')"]


def test_grade_counts_intent_and_frame_per_intent() -> None:
    labels = [{"text": "a", "intent": "move_deal", "slots": {"customer": "Hooli", "stage": "won"}},
              {"text": "b", "intent": "move_deal", "slots": {"customer": "Hooli", "stage": "lost"}},
              {"text": "c", "intent": "unknown", "slots": {}}]
    predictions = [{"intent": "move_deal", "slots": {"customer": "hooli", "stage": "won"}},
                   {"intent": "move_deal", "slots": {"customer": "hooli", "stage": "won"}},
                   {"intent": "help", "slots": {}}]
    report = grade(labels, predictions)
    assert (report.total.n, report.total.intent_ok, report.total.frame_ok) == (3, 2, 1)
    assert (report.by_intent["move_deal"].intent_acc, report.by_intent["move_deal"].frame_acc) == (1.0, 0.5)
    assert report.by_intent["unknown"].intent_acc == 0.0
    assert [f.text for f in report.failures] == ["b", "c"]


def test_grade_refuses_misaligned_files() -> None:
    with pytest.raises(ValueError):
        grade([{"text": "a", "intent": "help", "slots": {}}], [])


def test_the_analytics_split_is_frozen_valid_a_quarter_of_each_intent_and_shares_no_text() -> None:
    """split_analytics.py sent 25% of "rescore now" / "resegment" and of the segment reports to the frozen split."""
    recorded = (CORPUS / "test_analytics.sha256").read_text(encoding="utf-8").split()[0]
    assert hashlib.sha256((CORPUS / "test_analytics.jsonl").read_bytes()).hexdigest() == recorded
    customers, new = stored_customers(), not_customers()
    assert {row["text"]: p for row in TEST_ANALYTICS if (p := _problems(row, customers, new))} == {}
    tested = Counter(row["slots"].get("report", row["intent"]) for row in TEST_ANALYTICS)
    trained = Counter(row["slots"].get("report", row["intent"]) for row in TRAIN)
    asked = ("run_analytics", "segments", "segment_moves")
    assert all(0.15 <= tested[name] / (tested[name] + trained[name]) <= 0.35 for name in asked)
    others = TRAIN + TEST + TEST_NEW + TEST_QUESTIONS + TEST_EDITS + TEST_ADMIN + TEST_REMINDERS
    assert not {r["text"].strip().lower() for r in TEST_ANALYTICS} & {r["text"].strip().lower() for r in others}
