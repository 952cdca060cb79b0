"""A Chinese-speaking manager's digest is in Chinese, and its chart shows the Chinese characters (not boxes)."""
from __future__ import annotations

import io
import os
import warnings

import pytest

from crm_core import chart_fonts, i18n
from crm_core.digest import text
from crm_core.digest.chart import render_chart
from crm_core.models import User
from tests.bots.test_digest_render import DIGEST
from workers.actors.digests import digest_payload


def missing_glyphs(png_of) -> list[str]:
    """The warnings matplotlib gives for characters its fonts can't draw (drawn as empty boxes)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png_of()
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


@pytest.fixture
def cjk_font():
    if not chart_fonts.has_cjk():
        if os.environ.get("CI") == "true":
            pytest.fail("no CJK font installed: .ci/run installs fonts-wqy-zenhei")
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-zenhei)")


def test_a_chinese_digest_reads_in_chinese(database):
    manager = User.create(name="王经理", role="manager", language="zh")
    payload = digest_payload(DIGEST, manager, "daily")
    assert payload["title"].startswith("Mona <Manager> & Co的简报：11月24日 周二 08:00 至 11月25日 周三 08:00")
    assert [section["title"] for section in payload["sections"]] == \
        ["商机", "电话和会议", "工单", "分群", "流失风险最高", "进行中的销售管道"]
    assert "Maria Lopez: 2 个电话, 1 次会议" in payload["text"]
    assert "12 个客户进入有流失风险 (3 个来自核心客户, 9 个来自忠诚客户)" in payload["text"]
    assert "线索 2 (1,000)" in payload["text"]
    assert digest_payload(DIGEST, User.create(name="Ned", role="manager"), "daily")["title"].startswith("Digest for")


def test_the_chinese_chart_draws_its_characters(cjk_font, monkeypatch):
    with i18n.speaking(i18n.CHINESE):
        png = render_chart(DIGEST)
        assert missing_glyphs(lambda: render_chart(DIGEST)) == []
    assert png.startswith(b"\x89PNG")
    from PIL import Image
    assert Image.open(io.BytesIO(png)).size == (1000, 400)

    monkeypatch.setattr(chart_fonts, "families", lambda: ["DejaVu Sans"])  # the check sees boxes when there are
    with i18n.speaking(i18n.CHINESE):
        assert missing_glyphs(lambda: render_chart(DIGEST))


def test_the_english_chart_needs_no_cjk_font(monkeypatch):
    monkeypatch.setattr(chart_fonts, "families", lambda: ["DejaVu Sans"])
    assert missing_glyphs(lambda: render_chart(DIGEST)) == []
    assert "Digest for" in text.title(DIGEST)
