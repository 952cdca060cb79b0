"""Grades parses against labelled utterances, by the rules of the shared eval set's grader.

Intent accuracy: the share whose intent is right. Frame accuracy: the share whose intent is right and whose every
labelled slot is right, free-text slots aside. Strings compare case-insensitively with punctuation and surrounding
spaces ignored; numbers as numbers; dates by their YYYY-MM-DD part, except that a label with a time
(YYYY-MM-DDTHH:MM) must match the time too; an RRULE's parts in any order. Slots the label leaves out cost nothing.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

FREE_TEXT = frozenset({"summary", "subject", "title", "text", "message"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})")


def norm_str(value: object) -> str:
    return re.sub(r"[\W_]+", " ", str(value).lower()).strip()


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same_date(want: str, got: object) -> bool:
    timed = _DATE_TIME.match(want)
    if timed is None:
        return str(got)[:10] == want[:10]
    got_timed = _DATE_TIME.match(str(got))
    return got_timed is not None and got_timed.groups() == timed.groups()


def _rrule_parts(value: object) -> frozenset[str]:
    return frozenset(norm_str(part) for part in str(value).split(";") if part.strip())


def same(slot: str, want: Any, got: Any) -> bool:
    """Whether a parsed slot value `got` is the labelled `want`."""
    if got is None:
        return False
    if _is_number(want):
        try:
            return abs(float(got) - float(want)) < 1e-6 * max(1.0, abs(float(want)))
        except (TypeError, ValueError):
            return False
    if isinstance(want, str) and _DATE.match(want):
        return _same_date(want, got)
    if slot == "recurrence":
        return _rrule_parts(want) == _rrule_parts(got)
    return norm_str(want) == norm_str(got)


def wrong_slots(label: Mapping[str, Any], slots: Mapping[str, Any]) -> list[str]:
    """What is wrong in the parsed slots, one line per graded slot that differs (empty: the frame is right)."""
    wrong = []
    for slot, want in (label.get("slots") or {}).items():
        if slot in FREE_TEXT or want is None:
            continue
        if not same(slot, want, slots.get(slot)):
            wrong.append(f"{slot}={slots.get(slot)!r} (want {want!r})")
    return wrong


@dataclass
class Tally:
    n: int = 0
    intent_ok: int = 0
    frame_ok: int = 0

    @property
    def intent_acc(self) -> float:
        return self.intent_ok / self.n if self.n else 0.0

    @property
    def frame_acc(self) -> float:
        return self.frame_ok / self.n if self.n else 0.0


@dataclass
class Failure:
    text: str
    intent: str
    wrong: list[str]


@dataclass
class Report:
    total: Tally = field(default_factory=Tally)
    by_intent: dict[str, Tally] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)


def grade(labels: Iterable[Mapping[str, Any]], predictions: Iterable[Mapping[str, Any]]) -> Report:
    """Grades each prediction against the label at the same position."""
    labels, predictions = list(labels), list(predictions)
    if len(labels) != len(predictions):
        raise ValueError(f"{len(labels)} labels but {len(predictions)} predictions")
    report = Report()
    for label, pred in zip(labels, predictions):
        tally = report.by_intent.setdefault(label["intent"], Tally())
        got_intent = pred.get("intent")
        wrong = [f"intent {got_intent!r}"] if got_intent != label["intent"] \
            else wrong_slots(label, pred.get("slots") or {})
        for counter in (report.total, tally):
            counter.n += 1
            counter.intent_ok += got_intent == label["intent"]
            counter.frame_ok += not wrong
        if wrong:
            report.failures.append(Failure(label["text"], label["intent"], wrong))
    return report
