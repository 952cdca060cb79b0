"""Fonts for charts: Latin from matplotlib's own DejaVu Sans, Chinese from a CJK font the machine has.

matplotlib falls back from family to family glyph by glyph, so a chart with Chinese labels shows the characters
instead of empty boxes when one of CJK_FAMILIES is installed (`.ci/run` installs fonts-wqy-zenhei; any Noto/Source
Han Sans CJK works too). The fonts are registered by path, so a font installed after matplotlib built its cache is
found all the same.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

CJK_FAMILIES = ("WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "SimHei",
                "Microsoft YaHei", "PingFang SC")
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
             Path("/System/Library/Fonts"), Path("C:/Windows/Fonts"))
_CJK_FILES = ("wqy-zenhei*", "NotoSansCJK*", "SourceHanSans*", "NotoSansSC*", "simhei*", "msyh*", "PingFang*")


@lru_cache(maxsize=1)
def families() -> list[str]:
    """The font families a chart uses, first to last; a CJK family only when one is installed."""
    from matplotlib import font_manager
    for folder in FONT_DIRS:
        if not folder.is_dir():
            continue
        for pattern in _CJK_FILES:
            for path in folder.rglob(pattern):
                font_manager.fontManager.addfont(str(path))
    known = {font.name for font in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *(family for family in CJK_FAMILIES if family in known)]


def has_cjk() -> bool:
    return len(families()) > 1


def configure() -> None:
    """Charts drawn from now on fall back to a CJK font for Chinese characters (call before making a figure)."""
    import matplotlib
    matplotlib.rcParams["font.family"] = families()
