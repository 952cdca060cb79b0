"""Builds all.jsonl from the hand-written sentences in source/*.txt (run once; split.py splits its output).

    python tests/data/corpus/build.py

Each source line is one sentence written by hand; each utterance keeps it as `template` (split.py keeps all
the fillings of one sentence on the same side of the split). A `## intent slot=value ... xN` header sets the intent, the
slots every following line shares, and how many fillings each line with placeholders gets (default 1).
A line may end with ` || slot=value; slot=value` for its own slots. Placeholders draw varied fillers with a
fixed seed and label the slot they fill, each value as LABELS.md wants it (reference time 2026-11-25, a Wednesday):
  {C} customer mention -> customer (stored name; {C-} unlabelled)     {X} new company -> customer (as written)
  {D} date -> the intent's date slot ({D:slot} names another; {D-} unlabelled)
  {T} date with a time -> when (YYYY-MM-DDTHH:MM)     {A} amount -> amount (+ currency when said)
  {S} any stage / {SO} an open stage -> stage        {N} ticket number -> ticket
  {P} first name -> the intent's person slot ({P-} unlabelled)   {E} email, {PH} phone -> email / phone
  {SEG} segment phrase -> segment    {K} count -> limit    {U} Slack mention    {EMO} emoji
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

from fillers import (
    AMOUNTS,
    COUNTS,
    DATES,
    DATETIMES,
    EMAILS,
    EMOJI,
    MENTIONS,
    NEW_COMPANIES,
    OPEN_STAGES,
    PEOPLE,
    PHONES,
    SEGMENTS,
    SLACK_IDS,
    STAGES,
)

HERE = Path(__file__).resolve().parent
DATE_SLOT = {"log_activity": "follow_up", "remind": "when", "create_deal": "expected_close",
             "update_deal": "expected_close", "correct": "date"}
PERSON_SLOT = {"update_ticket": "assignee", "show_pipeline": "owner", "show_tickets": "assignee"}
PLACEHOLDER = re.compile(r"\{([A-Z]+)(?::(\w+)|(-))?\}")


def literal(value: str):
    value = value.strip()
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    return value


def parse_slots(text: str) -> dict:
    out = {}
    for part in re.split(r";\s+|\s(?=\w+=)", text.strip()):
        if part.strip():
            key, _, value = part.partition("=")
            out[key.strip()] = literal(value)
    return out


def merged(*parts: dict) -> dict:
    """The slots of the header, the fillers and the line; a line's `slot=` (no value) drops that slot."""
    out: dict = {}
    for part in parts:
        out.update(part)
    for key in [k for k, v in out.items() if v == ""]:
        out.pop(key)
        if key == "amount":
            out.pop("currency", None)
    return out


def fill(sentence: str, intent: str, rng: random.Random) -> tuple[str, dict]:
    slots: dict = {}

    def one(match: re.Match) -> str:
        kind, named, silent = match.group(1), match.group(2), match.group(3)
        if kind == "C":
            name, forms = rng.choice(MENTIONS)
            if not silent:
                slots.setdefault("customer", name)
            return rng.choice(forms)
        if kind == "X":
            name = rng.choice(NEW_COMPANIES)
            slots.setdefault("customer", name)
            return name
        if kind in ("D", "T"):
            said, value = rng.choice(DATES if kind == "D" else DATETIMES)
            if not silent:
                slots[named or ("when" if kind == "T" else DATE_SLOT[intent])] = value
            return said
        if kind == "A":
            said, number, currency = rng.choice(AMOUNTS)
            slots["amount"] = number
            if currency:
                slots["currency"] = currency
            return said
        if kind in ("S", "SO"):
            said, value = rng.choice(STAGES if kind == "S" else OPEN_STAGES)
            slots["stage"] = value
            return said
        if kind == "N":
            number = rng.choice([rng.randint(2, 99), rng.randint(100, 1999)])
            slots.setdefault("ticket", number)
            return str(number)
        if kind == "P":
            person = rng.choice(PEOPLE)
            if not silent:
                slots[named or PERSON_SLOT[intent]] = person
            return person
        if kind == "E":
            slots["email"] = email = rng.choice(EMAILS)
            return email
        if kind == "PH":
            slots["phone"] = phone = rng.choice(PHONES)
            return phone
        if kind == "SEG":
            said, value = rng.choice(SEGMENTS)
            slots["segment"] = value
            return said
        if kind == "K":
            said, value = rng.choice(COUNTS)
            slots["limit"] = value
            return said
        if kind == "U":
            return f"<@{rng.choice(SLACK_IDS)}>"
        if kind == "EMO":
            return rng.choice(EMOJI)
        raise ValueError(f"unknown placeholder {match.group()}")

    return PLACEHOLDER.sub(one, sentence), slots


def build() -> list[dict]:
    rng = random.Random(20261125)
    rows, seen = [], set()
    for source in sorted((HERE / "source").glob("*.txt")):
        intent, shared, times = None, {}, 1
        for raw in source.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("# "):
                continue
            if line.startswith("## "):
                words = line[3:].split()
                intent = words[0]
                times = next((int(w[1:]) for w in words[1:] if re.fullmatch(r"x\d+", w)), 1)
                shared = parse_slots(" ".join(w for w in words[1:] if not re.fullmatch(r"x\d+", w)))
                continue
            sentence, _, own = line.partition(" || ")
            copies = times if PLACEHOLDER.search(sentence) else 1
            for _ in range(copies * 3):
                text, filled = fill(sentence, intent, rng)
                if text.lower() in seen:
                    continue
                seen.add(text.lower())
                rows.append({"text": text, "intent": intent, "slots": merged(shared, filled, parse_slots(own)),
                             "template": sentence})
                copies -= 1
                if copies == 0:
                    break
    return rows


if __name__ == "__main__":
    out = build()
    with (HERE / "all.jsonl").open("w", encoding="utf-8") as fh:
        for row in out:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(len(out), "utterances")
