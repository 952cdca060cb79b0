"""A report's bar chart as one PNG (issue 14): the Table's `chart` points, drawn as the digest's chart is
(matplotlib, Agg, imported only when a chart is drawn). Posted as a file in Slack, a photo in Telegram, a path in
the console."""
from __future__ import annotations

import io
import math
from pathlib import Path
import tempfile

from crm_core import chart_fonts
from crm_core.digest.chart import DPI, _bars
from crm_core.results import Table

SIZE_INCHES = (8, 4)


def png(table: Table) -> bytes | None:
    """The chart of `table`, or None when it has none."""
    bars = [(str(point[0]), float(point[1])) for point in table.chart
            if len(point) == 2 and isinstance(point[1], (int, float)) and math.isfinite(point[1])]
    if not bars:
        return None
    import matplotlib
    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    chart_fonts.configure()  # Chinese titles and names (腾讯) drawn, not boxes
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI)  # not pyplot: no global state shared between threads
    axes = figure.subplots(1, 1)
    _bars(axes, [label for label, _ in bars], [value for _, value in bars], "#4c72b0", table.title)
    axes.tick_params(axis="x", labelrotation=30)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def file_name(table: Table) -> str:
    return f"{table.name}.png"


def saved(table: Table, folder: str | None = None) -> Path | None:
    """The chart written to a new file (the console prints its path); None when the table has none."""
    data = png(table)
    if data is None:
        return None
    handle, path = tempfile.mkstemp(prefix=f"{table.name}-", suffix=".png", dir=folder)
    with open(handle, "wb") as fh:
        fh.write(data)
    return Path(path)
