"""Reading an import CSV in chunks: header checks, trimmed string columns, row numbers as in the file."""
from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from crm_core.errors import CrmError, ValidationError
from crm_core.i18n import _, ngettext

HEADER_ROW = 1  # the first data row is row 2, as a spreadsheet shows it


def check_file(path: str | Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise CrmError(_("No such file: {path}").format(path=path))
    return path


def read_header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return next(csv.reader(handle), [])
    except UnicodeDecodeError:
        raise _not_utf8(path) from None


def column_map(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, str]:
    """Our column name -> the file's header, matched case-insensitively and trimmed.

    Raises ValidationError naming the missing columns before anything is read or written."""
    header = read_header(path)
    found: dict[str, str] = {}
    for name in header:
        found.setdefault(name.strip().lower(), name)
    missing = [c for c in required if c not in found]
    if missing:
        raise ValidationError(
            ngettext("{file} lacks the column {columns} (its header is: {header}).",
                     "{file} lacks the columns {columns} (its header is: {header}).", len(missing)).format(
                file=path.name, columns=", ".join(missing),
                header=", ".join(h.strip() for h in header) or _("empty")),
            hint=_("The first line must name the columns: {columns}.").format(columns=",".join(required + optional)))
    return {ours: found[ours] for ours in required + optional if ours in found}


@dataclass(frozen=True)
class Chunk:
    rows: pd.Series  # the file's row number of each row of `frame`
    frame: pd.DataFrame  # non-blank rows only
    lines: int  # rows consumed from the file, blank ones included


def read_chunks(path: Path, columns: dict[str, str], wanted: tuple[str, ...], chunksize: int,
                collapse: tuple[str, ...] = ()) -> Iterator[Chunk]:
    """The trimmed str columns `wanted`, a chunk at a time; columns the file lacks are empty strings.

    Runs of whitespace inside the `collapse` columns become one space. Blank lines are counted, so
    row numbers match the file, then dropped."""
    rename = {theirs: ours for ours, theirs in columns.items()}
    reader = pd.read_csv(
        path, dtype=str, keep_default_na=False, skip_blank_lines=False, usecols=list(columns.values()),
        encoding="utf-8-sig", chunksize=chunksize,
    )
    try:
        for chunk in reader:
            rows = pd.Series(chunk.index + HEADER_ROW + 1, index=chunk.index)
            frame = chunk.rename(columns=rename).reindex(columns=list(wanted), fill_value="").fillna("")
            for name in wanted:
                frame[name] = per_distinct(frame[name], _collapse_spaces if name in collapse else _strip)
            blank = (frame == "").all(axis=1)
            yield Chunk(rows[~blank], frame[~blank], len(chunk))
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    except pd.errors.ParserError as exc:
        raise ValidationError(_("{file} is not a readable CSV file: {error}").format(file=path.name, error=exc)) from None


def per_distinct(values: pd.Series, transform: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`transform` applied to each distinct value once: a column of a million rows often has a few
    thousand distinct dates or names."""
    codes, distinct = pd.factorize(values)
    if len(distinct) == len(values):
        return transform(values)
    return pd.Series(transform(pd.Series(distinct)).to_numpy()[codes], index=values.index)


def _strip(values: pd.Series) -> pd.Series:
    return values.str.strip()


def _collapse_spaces(values: pd.Series) -> pd.Series:
    return values.str.strip().str.replace(r"\s+", " ", regex=True)


def count_rows(path: Path) -> int:
    """Data rows in the file, counted by line ends (a progress total: quoted line breaks count extra)."""
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return max(lines + (last != b"\n") - HEADER_ROW, 0)


def _not_utf8(path: Path) -> ValidationError:
    return ValidationError(_("{file} is not UTF-8 text.").format(file=path.name),
                           hint=_("Save it as CSV UTF-8 and import it again."))
