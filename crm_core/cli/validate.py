"""`crm validate`: fit on the CRM's orders up to a date and compare with what happened after."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from crm_core import migrate
from crm_core.analytics.jobs_common import resolve_as_of
from crm_core.cli.common import open_configured_database
from crm_core.errors import ValidationError
from crm_core.i18n import _
from crm_core.settings import get_settings

EXIT_LOSES_TO_RECENCY = 3


def parse_horizon(text: str | None) -> int:
    """'90d', '13w' or '90' -> days; None -> CRM_CHURN_HORIZON_DAYS."""
    if text is None:
        return get_settings().churn_horizon_days
    match = re.fullmatch(r"\s*(\d+)\s*([dw]?)\s*", text.lower())
    if not match or int(match.group(1)) < 1:
        raise ValidationError(_("--horizon {text!r} is not a duration; write it like 90d or 13w.").format(text=text))
    return int(match.group(1)) * (7 if match.group(2) == "w" else 1)


def validate(args: argparse.Namespace) -> int:
    from crm_core.cli.analytics import _print

    as_of, horizon = resolve_as_of(args.as_of), parse_horizon(args.horizon)
    db = open_configured_database()
    migrate.upgrade(db)
    with db.connection_context():
        if args.deals:
            from crm_core.analytics.validate_deals import validate_deals

            report = validate_deals(as_of)
            _print(report.to_dict() if args.json else report.text(), args.json)
            return 0
        from crm_core.analytics.validate_read import read_all_orders
        from crm_core.analytics.validate import validate_orders

        report = validate_orders(read_all_orders(), as_of, horizon)
    plots = _plots(report, args.out)
    content = {**report.to_dict(), "plots": [str(p) for p in plots]} if args.json else \
        validation_text(report, plots)
    _print(content, args.json)
    return 0 if report.beats_recency else EXIT_LOSES_TO_RECENCY


def _plots(report, out: str | None) -> list[Path]:
    if not out:
        return []
    from crm_core.analytics.validate_plots import write_plots

    return write_plots(report, Path(out))


def validation_text(report, plots: list[Path]) -> str:
    auc, totals = report.auc, report.totals
    lines = [
        f"Fitted on orders up to {report.as_of}; {report.n_customers:,} customers, "
        f"{report.churn_rate:.0%} made no purchase in the next {report.horizon_days} days.",
        f"Churn risk ({report.model}) AUC {auc['churn_risk']:.3f}; baselines: BG/NBD "
        f"{auc['bgnbd']:.3f}, days since last purchase {auc['recency']:.3f}, "
        f"repeat purchases {auc['frequency']:.3f}.",
        "Calibration by decile (predicted vs actual no-purchase rate):",
    ]
    lines += [f"  {row['decile']:>2}  {row['predicted']:6.1%}  {row['actual']:6.1%}  "
              f"({row['customers']:,} customers)" for row in report.calibration]
    lines.append(f"Largest gap {report.max_calibration_gap:.1%}.")
    if totals["actual"]:
        lines.append(
            f"Repeat purchases over {report.observed_weeks} weeks: actual {totals['actual']:,.0f}, "
            f"BG/NBD {totals['bgnbd']:,.0f} ({totals['bgnbd'] / totals['actual'] - 1:+.1%}), "
            f"last period's rate {totals['last_period']:,.0f} "
            f"({totals['last_period'] / totals['actual'] - 1:+.1%}).")
    if not report.beats_recency:
        lines.append("The model does NOT beat days since the last purchase: do not trust it here.")
    lines += [f"Plot: {p}" for p in plots]
    return "\n".join(lines)
