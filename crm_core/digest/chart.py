"""The digest's chart: one PNG, open pipeline amount by stage beside won revenue by week.

matplotlib is imported when a chart is drawn (Agg, no display), never when the core is imported.
"""
from __future__ import annotations

import io

from crm_core import chart_fonts
from crm_core.i18n import _, term
from crm_core.results import Digest

SIZE_INCHES = (10, 4)
DPI = 100
COLOURS = ("#4c72b0", "#55a868")


def render_chart(digest: Digest) -> bytes:
    import matplotlib
    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    chart_fonts.configure()
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI)  # not pyplot: no global state shared between threads
    pipeline, weekly = figure.subplots(1, 2)
    base = [s for s in digest.pipeline if s.currency == digest.pipeline[0].currency]  # converted; unrated ones apart
    _bars(pipeline, [term("stage", s.stage) for s in base], [s.amount for s in base], COLOURS[0],
          _("Open pipeline by stage"))
    _bars(weekly, [w.week_start[5:] for w in digest.won_by_week], [w.amount for w in digest.won_by_week],
          COLOURS[1], _("Won revenue by week"))
    weekly.tick_params(axis="x", labelrotation=45)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def _bars(axes, labels: list[str], values: list[float], colour: str, heading: str) -> None:
    axes.bar(range(len(values)), values, color=colour)
    axes.set_xticks(range(len(labels)), labels)
    axes.set_title(heading)
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:,.0f}")
    axes.spines[["top", "right"]].set_visible(False)
