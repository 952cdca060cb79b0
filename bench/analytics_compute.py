"""Time the analytics package on 1,000,000 synthetic customers and ~10,000,000 orders.

Run from the repository root: python bench/analytics_compute.py [--customers N]
Prints seconds per step and the peak resident memory of the process (ru_maxrss).
"""
from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd

from crm_core.analytics.clv import (
    expected_spend,
    fit_bgnbd,
    fit_gamma_gamma,
    lifetime_value,
    summary_from_orders,
)
from crm_core.analytics.rfm import rfm_features, segment

T = TypeVar("T")
WINDOW_DAYS = 3 * 365
START = np.datetime64("2022-01-01", "s")
TRUE_BGNBD = {"r": 0.9, "alpha": 28.0, "a": 1.2, "b": 10.0}  # alpha in days
TRUE_GG = {"p": 6.0, "q": 4.0, "v": 15.0}


def _within_group_cumsum(values: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Cumulative sums restarting at each group of consecutive `sizes` elements."""
    prefix = np.concatenate([[0.0], np.cumsum(values)])
    starts = np.cumsum(sizes) - sizes
    return prefix[1:] - np.repeat(prefix[starts], sizes)


def synthetic_orders(n_customers: int, seed: int = 0) -> pd.DataFrame:
    """Customers drawn from BG/NBD (purchase timing) and Gamma-Gamma (spend), rates per day.

    Customers arrive over two years and are followed to the end of a three-year window; the
    analyses cut off 30 days earlier, so the last month's orders are ignored.
    """
    rng = np.random.default_rng(seed)
    first = rng.integers(0, 2 * 365, n_customers)
    horizon = (WINDOW_DAYS - first).astype(np.float64)
    lam = rng.gamma(TRUE_BGNBD["r"], 1 / TRUE_BGNBD["alpha"], n_customers)
    n_poisson = rng.poisson(lam * horizon)
    dropout = rng.beta(TRUE_BGNBD["a"], TRUE_BGNBD["b"], n_customers)
    repeats = np.minimum(n_poisson, rng.geometric(dropout))
    # the first `repeats` of n_poisson uniform times on (0, horizon], by exponential spacings
    owner = np.repeat(np.arange(n_customers), repeats)
    spacing = _within_group_cumsum(rng.exponential(size=len(owner)), repeats)
    last = np.zeros(n_customers)
    last[repeats > 0] = spacing[np.cumsum(repeats)[repeats > 0] - 1]
    rest = rng.gamma(n_poisson - repeats + 1.0)
    times = horizon[owner] * spacing / (last[owner] + rest[owner])
    customer = np.concatenate([np.arange(n_customers), owner])
    day = np.concatenate([first, first[owner] + times.astype(np.int64)])
    nu = rng.gamma(TRUE_GG["q"], 1 / TRUE_GG["v"], n_customers)
    amount = rng.gamma(TRUE_GG["p"], 1 / nu[customer])
    amount[rng.random(len(amount)) < 0.001] = -10.0  # refunds, dropped by the package
    shuffle = rng.permutation(len(customer))
    return pd.DataFrame({
        "customer_id": customer[shuffle] + 10_000_000,
        "date": START + (np.minimum(day[shuffle], WINDOW_DAYS - 1) * 86_400).astype(
            "timedelta64[s]"),
        "amount": amount[shuffle],
    })


def timed(label: str, fn: Callable[[], T], figures: dict[str, float]) -> T:
    start = time.perf_counter()
    result = fn()
    figures[label] = time.perf_counter() - start
    print(f"{label:<34} {figures[label]:7.2f} s", flush=True)
    return result


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=1_000_000)
    args = parser.parse_args()
    figures: dict[str, float] = {}
    orders = timed("generate orders", lambda: synthetic_orders(args.customers), figures)
    print(f"{len(orders):,} orders, {args.customers:,} customers; peak {peak_mb():,.0f} MB")
    as_of = (START + np.timedelta64(WINDOW_DAYS - 30, "D")).astype("datetime64[D]").item()

    features = timed("rfm_features", lambda: rfm_features(orders, as_of), figures)
    result = timed("segment (auto k)", lambda: segment(features), figures)
    print(f"  k={result.k} silhouette={result.silhouette:.3f}")
    print(result.centroids[["segment", "n_customers", "recency_days", "frequency", "monetary"]]
          .round(1).to_string())

    summary = timed("summary_from_orders (weeks)", lambda: summary_from_orders(orders, as_of),
                    figures)
    bgnbd = timed("fit_bgnbd", lambda: fit_bgnbd(summary), figures)
    print(f"  r={bgnbd.r:.3f} alpha={bgnbd.alpha:.3f} a={bgnbd.a:.3f} b={bgnbd.b:.3f} "
          f"LL={bgnbd.log_likelihood:,.0f}  (simulated: r={TRUE_BGNBD['r']} "
          f"alpha={TRUE_BGNBD['alpha'] / 7:.3f} a={TRUE_BGNBD['a']} b={TRUE_BGNBD['b']})")
    gg = timed("fit_gamma_gamma", lambda: fit_gamma_gamma(summary), figures)
    print(f"  p={gg.p:.3f} q={gg.q:.3f} v={gg.v:.3f} on {gg.n_customers:,} repeat buyers  "
          f"(simulated: p={TRUE_GG['p']} q={TRUE_GG['q']} v={TRUE_GG['v']})")
    timed("expected_spend", lambda: expected_spend(gg, summary), figures)
    clv = timed("lifetime_value (90 d, 1%/month)",
                lambda: lifetime_value(bgnbd, gg, summary, 90, monthly_discount_rate=0.01),
                figures)
    print(f"  total 90-day CLV {clv.sum():,.0f}, median {clv.median():.2f}")
    rfm_total = figures["rfm_features"] + figures["segment (auto k)"]
    clv_total = sum(v for k, v in figures.items() if k not in
                    ("generate orders", "rfm_features", "segment (auto k)"))
    print(f"RFM total {rfm_total:.2f} s; CLV total {clv_total:.2f} s; "
          f"peak memory {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
