"""Answers to a numbered question: "2", "the second one", "last", a name or a unique part of it.

Choice values that carry an id are "id:42", never bare digits, so a typed "2" always means the second choice and
a button press (which sends the value) can't be mistaken for a position.
"""
from __future__ import annotations

from crm_core.names import fold

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}


def pick(choices: list[list[str]], text: str) -> str | None:
    """A choice by its position ("2", "the second one", "last"), its value, or its label (or a unique part)."""
    wanted = fold(text)
    index = position(wanted, len(choices))
    if index is not None:
        return choices[index][0]
    for value, label in choices:
        if wanted in (fold(value), fold(label)):
            return value
    for matches in ([v for v, label in choices if fold(label).startswith(wanted)],
                    [v for v, label in choices if len(wanted) >= 3 and wanted in fold(label)]):
        if wanted and len(matches) == 1:
            return matches[0]
    return None


def position(wanted: str, count: int) -> int | None:
    """0-based index of "2", "#2", "2nd", "option 2", "the second one", "last"; None when it names no position."""
    words = [w for w in wanted.replace("#", " ").split() if w not in ("the", "one", "option", "number", "no", "choice")]
    if len(words) != 1:
        return None
    word = words[0].rstrip(".)")
    number = int(word[:-2]) if word[:-2].isdigit() and word[-2:] in ("st", "nd", "rd", "th") else \
        int(word) if word.isdigit() else ORDINALS.get(word)
    if number == -1:
        return count - 1
    return number - 1 if number is not None and 1 <= number <= count else None


def id_of(value: str) -> int:
    """The id a choice value carries ("id:42"): ids are not bare digits, so a typed "2" is always a position."""
    return int(value.removeprefix("id:"))


def id_value(id_: int) -> str:
    return f"id:{id_}"
