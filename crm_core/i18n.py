"""The language a reply is written in: message catalogs (gettext, read with Babel) and the user's language.

    with i18n.speaking("zh"):
        _("Logged a {kind} with {customer}.").format(kind=..., customer=...)

Catalogs live in `crm_core/locale/<language>/LC_MESSAGES/messages.po` and are compiled in memory on first use, so
the .po file is the one source (tests/unit/i18n/test_catalog.py fails on a message said through the catalog without
a translation). A message with no translation is said in English. English is the source language: it has no catalog.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Babel is imported when first used: `crm parse` answers without loading it
    from babel.support import NullTranslations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENGLISH = "en"
CHINESE = "zh"  # Simplified Chinese: its catalog is zh_Hans
LANGUAGES = (ENGLISH, CHINESE)
CATALOGS = {CHINESE: "zh_Hans"}
FORMAT_LOCALES = {ENGLISH: None, CHINESE: "zh_Hans_CN"}  # None: CRM_LOCALE, the deployment's own
NAMES = {ENGLISH: "English", CHINESE: "中文"}
_LATIN_WORD = re.compile(r"\b[A-Za-z]{2,}\b")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

_current: ContextVar[str] = ContextVar("language", default=ENGLISH)


def current() -> str:
    return _current.get()


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Replies made inside the block are in `language` (English when None or unknown)."""
    chosen = language if language in LANGUAGES else ENGLISH
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return _translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A word whose translation depends on what it names: pgettext("stage", "won")."""
    return _translations(current()).pgettext(context, message)


_ = gettext


def N_(message: str) -> str:
    """Marks a message for the catalog where it is declared (a command's question, a button's label); it is
    translated with _() where it is said."""
    return message


def term(kind: str, value: str | None) -> str:
    """A stored word (an activity kind, a stage, a priority, a ticket status, a segment) as the reader says it:
    translated, or as stored with spaces for underscores ("at_risk" -> "at risk")."""
    if not value:
        return ""
    said = pgettext(kind, value)
    return said.replace("_", " ") if said == value else said


def short_moment(moment: datetime) -> str:
    """ "Tue 24 Nov 08:00"; in Chinese "11月24日 周二 08:00"."""
    if current() == ENGLISH:
        return f"{moment:%a %d %b %H:%M}"
    from babel.dates import format_datetime
    return format_datetime(moment, "M月d日 EEE HH:mm", locale=format_locale())


def short_date(moment: datetime, with_time: bool = False) -> str:
    """ "Fri 11 Dec" / "Fri 11 Dec at 15:00"; in Chinese "12月11日 周五" / "12月11日 周五 15:00"."""
    if current() == ENGLISH:
        return f"{moment:%a %d %b}" + (f" at {moment:%H:%M}" if with_time else "")
    from babel.dates import format_datetime
    return format_datetime(moment, "M月d日 EEE" + (" HH:mm" if with_time else ""), locale=format_locale())


def long_date(day: date) -> str:
    """ "03 Dec 2026"; in Chinese "2026年12月3日"."""
    if current() == ENGLISH:
        return f"{day:%d %b %Y}"
    from babel.dates import format_date
    return format_date(day, "y年M月d日", locale=format_locale())


def of_the_deployment() -> str:
    """The language of what the whole team reads (the support channel): CRM_LOCALE's, else English."""
    from crm_core.settings import get_settings
    return from_code(get_settings().locale) or ENGLISH


def format_locale() -> str | None:
    """The Babel locale numbers, money and dates are written in (None: the deployment's CRM_LOCALE)."""
    return FORMAT_LOCALES.get(current())


def from_code(code: str | None) -> str | None:
    """A language of ours from a client's code: Telegram's `language_code` ("zh-hans", "zh"), Slack's locale
    ("zh-CN", "en-US"); None when we have no catalog for it."""
    if not code:
        return None
    base = code.replace("_", "-").lower().split("-")[0]
    return CHINESE if base == "zh" else ENGLISH if base == "en" else None


def written_in(text: str) -> str | None:
    """The language a message is visibly written in: Chinese when it holds Chinese characters, English when it is
    a sentence of Latin words ("any news on this?"), else None ("ok", "#42", a name: they say nothing)."""
    if _CJK.search(text or ""):
        return CHINESE
    return ENGLISH if len(_LATIN_WORD.findall(text or "")) >= 3 else None


def language_for(stored: str | None, text: str = "", client_code: str | None = None) -> str:
    """The reply language: what the user chose, else what the message is written in, else their client's, else English."""
    if stored in LANGUAGES:
        return stored
    return written_in(text) or from_code(client_code) or ENGLISH


@lru_cache(maxsize=None)
def _translations(language: str) -> NullTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations
    if language not in CATALOGS:
        return NullTranslations()
    path = LOCALE_DIR / CATALOGS[language] / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=CATALOGS[language])
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)
