"""PNG plots of a validation: weekly purchase tracking and churn calibration by decile."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the headless backend)

from crm_core.analytics.validate import ValidationReport  # noqa: E402


def write_plots(report: ValidationReport, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    return [_tracking(report, out_dir / "tracking.png"),
            _calibration(report, out_dir / "calibration.png")]


def _tracking(report: ValidationReport, path: Path) -> Path:
    weeks = report.tracking.head(report.observed_weeks)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(weeks["week"], weeks["actual"], label="actual", color="black")
    ax.plot(weeks["week"], weeks["bgnbd"], label="BG/NBD", linestyle="--")
    ax.plot(weeks["week"], weeks["last_period"], label="last period's weekly mean", linestyle=":")
    ax.set(xlabel=f"week after {report.as_of}", ylabel="repeat purchases",
           title="Repeat purchases per week: predicted vs actual")
    ax.legend()
    return _save(fig, path)


def _calibration(report: ValidationReport, path: Path) -> Path:
    rows = report.calibration
    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    ax.plot([0, 1], [0, 1], color="grey", linewidth=0.8)
    ax.plot([r["predicted"] for r in rows], [r["actual"] for r in rows], marker="o")
    ax.set(xlabel="predicted churn risk (decile mean)", ylabel="actual share with no purchase",
           title=f"Churn calibration, next {report.horizon_days} days", xlim=(0, 1), ylim=(0, 1))
    return _save(fig, path)


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
