"""The issue-16 figures on CDNOW_master: import with `crm import orders` into a scratch database,
run `crm validate` fitted to 1997-09-30, and print the checks of "Done when"; then the same
validation one horizon earlier (fitted to 1997-07-02: the churn model trained at 1997-04-03, the
window its features were chosen on), and the purchase-count models compared on earlier windows
that end by 1997-09-30 (26 weeks after 1997-03-31, 13 weeks after 1997-06-30) and on the holdout
(39 weeks after 1997-09-30).

    python bench/validate_cdnow.py [--db sqlite|postgres] [--out DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analytics_cdnow_models import compare  # noqa: E402  (a bench helper beside this file)

ROOT = Path(__file__).resolve().parents[1]
MASTER = ROOT / "tests" / "data" / "cdnow" / "CDNOW_master.txt"
SAMPLE = ROOT / "tests" / "data" / "cdnow" / "CDNOW_sample.txt"
PAPER = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # Fader, Hardie & Lee (2005), Table 1
AS_OF = "1997-09-30"
EARLIER_AS_OF = "1997-07-02"  # AS_OF - 90 days
# Earlier windows for the purchase-count models, both ending by AS_OF so that no order after it
# chooses the model: the 26 weeks after 1997-03-31 (the cohort is complete then; the pick is made
# there, the longest such window) and the 13 weeks after 1997-06-30.
EARLIER = [("1997-03-31", 26), ("1997-06-30", 13)]
HOLDOUT = (AS_OF, 39)


def read_orders() -> pd.DataFrame:
    raw = pd.read_csv(MASTER, sep=r"\s+", header=None, dtype=str, names=["id", "date", "cds", "dollars"])
    raw = raw[raw["date"].str.isdigit()]
    return pd.DataFrame({"customer_id": "CDNOW " + raw["id"],
                         "date": pd.to_datetime(raw["date"], format="%Y%m%d"),
                         "amount": raw["dollars"].astype(float)})


def write_orders_csv(orders: pd.DataFrame, path: Path) -> Path:
    pd.DataFrame({"customer": orders["customer_id"], "date": orders["date"].dt.strftime("%Y-%m-%d"),
                  "amount": orders["amount"]}).to_csv(path, index=False)
    return path


def crm(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["crm", *args], env=env, capture_output=True, text=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--out", default=None, help="where the PNG plots go (default: scratch dir)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="validate_cdnow_"))
    url = (f"sqlite:///{scratch / 'crm.db'}" if args.db == "sqlite"
           else os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"))
    env = {**os.environ, "DATABASE_URL": url}
    orders = read_orders()
    imported = crm(env, "import", "orders", str(write_orders_csv(orders, scratch / "orders.csv")))
    if imported.returncode:
        print(imported.stdout, imported.stderr, file=sys.stderr)
        return imported.returncode
    out = args.out or str(scratch / "plots")
    result = crm(env, "validate", "--as-of", AS_OF, "--horizon", "90d", "--json", "--out", out)
    if not result.stdout:
        print(result.stderr, file=sys.stderr)
        return result.returncode or 1
    body = json.loads(result.stdout)
    segmented = crm(env, "segment", "--as-of", AS_OF, "--json")
    print_figures(body, json.loads(segmented.stdout) if segmented.stdout else {}, result.returncode)
    earlier = crm(env, "validate", "--as-of", EARLIER_AS_OF, "--horizon", "90d", "--json")
    if earlier.stdout:
        auc = json.loads(earlier.stdout)["auc"]
        print(f"earlier window (fitted to {EARLIER_AS_OF}): AUC churn risk {auc['churn_risk']:.4f}, "
              f"BG/NBD {auc['bgnbd']:.4f}, recency {auc['recency']:.4f}, calibration gap "
              f"{json.loads(earlier.stdout)['max_calibration_gap'] * 100:.1f} pp")
    print_sample_fit()
    print("repeat purchase forecasts by model:")
    print("\n".join(compare(orders, EARLIER, HOLDOUT)))
    return 0


def print_sample_fit() -> None:
    from crm_core.analytics.clv import fit_bgnbd, summary_from_orders

    raw = pd.read_csv(SAMPLE, sep=r"\s+", header=None, names=["mid", "id", "date", "cds", "dollars"])
    orders = pd.DataFrame({"customer_id": raw["id"], "amount": raw["dollars"],
                           "date": pd.to_datetime(raw["date"].astype(str), format="%Y%m%d")})
    fit = fit_bgnbd(summary_from_orders(orders, AS_OF, "weeks"))
    shown = ", ".join(f"{k}={getattr(fit, k):.4f} ({getattr(fit, k) / v - 1:+.2%})" for k, v in PAPER.items())
    print(f"CDNOW_sample BG/NBD vs the paper: {shown}")


def print_figures(body: dict, segments: dict, exit_code: int) -> None:
    auc, purchases = body["auc"], body["purchases"]
    print(f"customers {body['customers']:,}; churn model {body['model']}; crm validate exit {exit_code}")
    print(f"AUC next {body['horizon_days']} days: churn risk {auc['churn_risk']:.4f}, BG/NBD "
          f"{auc['bgnbd']:.4f}, recency {auc['recency']:.4f}, frequency {auc['frequency']:.4f}")
    print(f"largest decile calibration gap: {body['max_calibration_gap'] * 100:.1f} pp")
    for row in body["calibration"]:
        print(f"  decile {row['decile']:>2}: predicted {row['predicted']:.3f} actual {row['actual']:.3f}")
    actual = purchases["actual"]
    print(f"repeat purchases over {purchases['weeks_observed']} weeks: actual {actual:,.0f}, "
          f"BG/NBD {purchases['bgnbd']:,.0f} ({purchases['bgnbd'] / actual - 1:+.1%}), "
          f"last period {purchases['last_period']:,.0f} ({purchases['last_period'] / actual - 1:+.1%})")
    counts = segments.get("counts", {})
    total = sum(counts.values()) or 1
    print("segments: " + ", ".join(f"{k} {v:,} ({v / total:.0%})" for k, v in counts.items()))
    print("plots: " + ", ".join(body.get("plots", [])))


if __name__ == "__main__":
    sys.exit(main())
