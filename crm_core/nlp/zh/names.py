"""Customers named in Chinese or mixed text.

A customer stored as "腾讯科技有限公司 (Tencent)" is found by its Chinese name with or without its suffixes (腾讯科技有限公司,
腾讯科技, 腾讯), a homophone the input method typed (腾迅), its pinyin (tengxun) and its English name (Tencent, found
by the English index as any English name is). Only customers whose name holds Chinese characters get Chinese keys,
so the index is small; it is rebuilt when the customer index changes."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crm_core.errors import CustomerChoice
from crm_core.nlp.mentions import CustomerRef, Resolver, spot_customers
from crm_core.nlp.text import clean, tokenize

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# longest first: a name loses its suffixes one by one (腾讯科技有限公司 -> 腾讯科技 -> 腾讯)
SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "在线网络技术", "网络技术", "集团", "公司", "股份", "科技", "技术",
            "创新", "控股", "网络", "在线")
# a run of English words; "email" / "call" glued to a name ("emailAtlas Freight") and a lower-case word glued to a
# capitalised one are runs of their own; digits glued to a name are the amount ("Vertex Solar12万元")
LATIN_RUN = re.compile(r"(?:email|call|demo|move)(?=[A-Za-z])|[a-z]+(?=[A-Z])"
                       r"|[A-Za-z][A-Za-z&'’.\-]*(?:[ \t]+[A-Za-z][A-Za-z&'’.\-]*)*")
LATIN_NAME = re.compile(r"([A-Za-z][A-Za-z0-9&'’.\- ]*[A-Za-z0-9.])")  # the English name beside a Chinese one
MIN_KEY = 2  # characters of a Chinese key
MAX_KEY = 24  # ... and at most
MIN_PINYIN = 5  # letters of the pinyin of a shortened name ("xingchen" for 星辰咨询; not "ali")


def core_names(cjk: str) -> list[str]:
    """The Chinese name and each shorter form without its suffixes: 腾讯科技有限公司, 腾讯科技, 腾讯."""
    forms = [cjk]
    changed = True
    while changed:
        changed = False
        for suffix in SUFFIXES:
            if forms[-1].endswith(suffix) and len(forms[-1]) - len(suffix) >= MIN_KEY:
                forms.append(forms[-1][:-len(suffix)])
                changed = True
                break
    return forms


@lru_cache(maxsize=4096)
def syllable(char: str) -> str:
    from pypinyin import lazy_pinyin  # only Chinese text pays for it
    return lazy_pinyin(char)[0]


def pinyin(text: str) -> str:
    return "".join(syllable(c) for c in text)


@dataclass(frozen=True)
class ZhIndex:
    keys: dict[str, tuple[CustomerChoice, ...]]  # Chinese keys: names, shorter forms, prefixes
    sounds: dict[tuple[str, ...], tuple[CustomerChoice, ...]]  # syllables of the shorter forms (homophones)
    latin: dict[str, tuple[CustomerChoice, ...]]  # pinyin written out: "tengxun"


def _add(table: dict, key, choice: CustomerChoice) -> None:
    have = table.setdefault(key, [])
    if choice not in have:
        have.append(choice)


_CACHE: dict[int, tuple[object, ZhIndex]] = {}


def zh_index(resolver: Resolver) -> ZhIndex:
    index = getattr(resolver, "index", None)
    entries = [*(getattr(index, "entries", None) or []), *(getattr(index, "unnamed", None) or [])]
    cached = _CACHE.get(id(index))
    if cached is not None and cached[0] is index:
        return cached[1]
    keys: dict = {}
    sounds: dict = {}
    latin: dict = {}
    for entry in entries:
        runs = CJK_RUN.findall(entry.name)
        if not runs:
            continue
        choice = CustomerChoice(entry.id, entry.name, entry.city)
        for run in runs:
            forms = core_names(run)
            for form in forms:
                _add(keys, form, choice)
                _add(sounds, tuple(syllable(c) for c in form), choice)
                _add(latin, pinyin(form), choice)
            for end in range(MIN_KEY, len(run)):
                _add(keys, run[:end], choice)
                if len(pinyin(run[:end])) >= MIN_PINYIN:
                    _add(latin, pinyin(run[:end]), choice)
    built = ZhIndex({k: tuple(v) for k, v in keys.items()}, {k: tuple(v) for k, v in sounds.items()},
                    {k: tuple(v) for k, v in latin.items()})
    _CACHE.clear()
    _CACHE[id(index)] = (index, built)
    return built


@dataclass(frozen=True)
class Mention:
    span: tuple[int, int]
    ref: CustomerRef


def _ref(mention: str, choices: tuple[CustomerChoice, ...], score: float) -> CustomerRef:
    if len(choices) == 1:
        return CustomerRef(mention, 0, 0, choices[0].name, choices[0].id, choices, True, score)
    return CustomerRef(mention, 0, 0, mention, None, choices, True, score)


def _spans(size: int, hit) -> list[tuple[int, int]]:
    """Non-overlapping spans [i, j) of the text for which hit(i, j) holds, longest first: dictionary look-ups of the
    text's substrings, so the time does not grow with the number of customers."""
    spans = [(i, j) for i in range(size) for j in range(i + MIN_KEY, min(size, i + MAX_KEY) + 1) if hit(i, j)]
    taken = [False] * size
    chosen = []
    for i, j in sorted(spans, key=lambda span: (span[0] - span[1], span[0])):
        if not any(taken[i:j]):
            chosen.append((i, j))
            taken[i:j] = [True] * (j - i)
    return chosen


def _chinese(text: str, index: ZhIndex) -> list[Mention]:
    found: list[Mention] = []
    for i, j in _spans(len(text), lambda i, j: text[i:j] in index.keys):
        key = text[i:j]
        whole = index.keys[key]
        full = [c for c in whole if c.name.startswith(key) and len(key) >= 4] or whole
        found.append(Mention((i, j), _ref(key, tuple(full), 95.0)))
    taken = {k for m in found for k in range(*m.span)}
    syllables = tuple(syllable(c) if CJK.match(c) and k not in taken else None for k, c in enumerate(text))
    for i, j in _spans(len(text), lambda i, j: None not in syllables[i:j] and syllables[i:j] in index.sounds):
        found.append(Mention((i, j), _ref(text[i:j], index.sounds[syllables[i:j]], 85.0)))
    return found


def _latin(text: str, resolver: Resolver, index: ZhIndex) -> list[Mention]:
    found = []
    for run in LATIN_RUN.finditer(text):
        said = run.group()
        for word in re.finditer(r"[A-Za-z]+", said):
            choices = index.latin.get(word.group().lower())
            if choices:
                span = (run.start() + word.start(), run.start() + word.end())
                found.append(Mention(span, _ref(word.group(), choices, 90.0)))
        if any(m.span[0] >= run.start() and m.span[1] <= run.end() for m in found):
            continue
        utterance = tokenize(clean(said), frozenset(), resolver.is_name_word)
        for ref in spot_customers(utterance, resolver):
            at = said.lower().find(ref.mention.lower())
            start = run.start() + max(at, 0)
            found.append(Mention((start, start + len(ref.mention) if at >= 0 else run.end()), ref))
    return found


def find_customers(text: str, resolver: Resolver) -> list[Mention]:
    """Customers named in the text, in the order said."""
    index = zh_index(resolver)
    found = _chinese(text, index) + _latin(text, resolver, index)
    return sorted(found, key=lambda m: m.span)


SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
                     "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧")
_BEFORE_NAME = frozenset("掉除人个加和把叫找")  # 删掉王芳, 联系人李明, 把张伟


def person_names(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Chinese personal names of two characters (a common surname and a given name) where a name goes: at the start
    of a run of Chinese or after 删掉 / 联系人 / 把."""
    found = []
    for run in CJK_RUN.finditer(text):
        s = run.group()
        for k in range(len(s) - 1):
            if s[k] in SURNAMES and (k == 0 or s[k - 1] in _BEFORE_NAME) and s[k + 1] not in "的是在说了和跟给把要":
                found.append((s[k:k + 2], (run.start() + k, run.start() + k + 2)))
    return found
