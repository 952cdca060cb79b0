"""Bench helper for bench/validate_cdnow.py: which purchase-count model forecasts CDNOW_master's
repeat purchases best, chosen on an earlier window and then checked on the holdout.

Candidates (Fader & Hardie's formulas; fitted here by Nelder-Mead in log-parameters, which is
plenty for a comparison at 23,570 customers): BG/NBD (the CRM's own fit), Pareto/NBD, MBG/NBD
(Batislam et al. 2007, dropout possible right after the first purchase too), BG/NBD times the
ratio actual/predicted of its own last calibration weeks ("recent-rate correction"), BG/NBD with a
share of customers who never lapse (a two-class mixture), and the periodic death opportunity model
(Jerath, Fader & Hardie 2011: a customer can lapse only every tau weeks; tau -> 0 behaves like
Pareto/NBD, tau -> infinity is the NBD) at tau = 1, 4 and 13 weeks.
Each is judged on repeat purchase days of the customers known at the cut-off.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, expit, gammaln, hyp2f1, logsumexp

from crm_core.analytics.clv import BgNbdFit, expected_purchases, fit_bgnbd, summary_from_orders

Params = np.ndarray
PDO_TAUS = (1.0, 4.0, 13.0)  # weeks between lapse opportunities


def _xs(summary: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return tuple(summary[c].to_numpy(np.float64) for c in ("frequency", "recency", "T"))


def _fit(neg_mean_ll, x0: list[float]) -> Params:
    res = minimize(neg_mean_ll, np.log(x0), method="Nelder-Mead",
                   options={"maxiter": 6000, "xatol": 1e-7, "fatol": 1e-10})
    return np.exp(res.x)


# --- Pareto/NBD (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model") -------------

def _pnbd_terms(params: Params, x, tx, T) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r, alpha, s, beta = params
    high, diff = max(alpha, beta), abs(alpha - beta)
    second = s + 1 if alpha >= beta else r + x
    rsx = r + s + x
    l1 = np.log(hyp2f1(rsx, second, rsx + 1, diff / (high + tx))) - rsx * np.log(high + tx)
    l2 = np.log(hyp2f1(rsx, second, rsx + 1, diff / (high + T))) - rsx * np.log(high + T)
    with np.errstate(divide="ignore"):
        log_a0 = l1 + np.log1p(-np.exp(np.minimum(l2 - l1, 0.0)))
    alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    died = np.log(s) - np.log(rsx) + log_a0
    ll = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta) + np.logaddexp(alive, died)
    return ll, alive, died


def fit_pareto_nbd(summary: pd.DataFrame) -> Params:
    x, tx, T = _xs(summary)

    def neg(log_p: np.ndarray) -> float:
        value = -_pnbd_terms(np.exp(log_p), x, tx, T)[0].mean()
        return value if np.isfinite(value) else 1e10

    return _fit(neg, [0.5, 5.0, 0.5, 10.0])


def pareto_nbd_expected(params: Params, summary: pd.DataFrame, t: float) -> float:
    r, alpha, s, beta = params
    x, tx, T = _xs(summary)
    _, alive, died = _pnbd_terms(params, x, tx, T)
    p_alive = 1 / (1 + np.exp(died - alive))
    per = (r + x) * (beta + T) / ((alpha + T) * (s - 1)) * (1 - ((beta + T) / (beta + T + t)) ** (s - 1))
    return float((per * p_alive).sum())


# --- MBG/NBD ---------------------------------------------------------------------------------

def fit_mbg_nbd(summary: pd.DataFrame) -> Params:
    x, tx, T = _xs(summary)

    def neg(log_p: np.ndarray) -> float:
        r, alpha, a, b = np.exp(log_p)
        ll = (gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x + 1) - betaln(a, b)
              + np.logaddexp(-(r + x) * np.log(alpha + T),
                             np.log(a) - np.log(b + x) - (r + x) * np.log(alpha + tx)))
        return -ll.mean()

    return _fit(neg, [0.5, 5.0, 1.0, 2.0])


def mbg_nbd_expected(params: Params, summary: pd.DataFrame, t: float) -> float:
    r, alpha, a, b = params
    x, tx, T = _xs(summary)
    hyp = hyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t))
    num = (a + b + x) / (a - 1) * (1 - hyp * ((alpha + T) / (alpha + T + t)) ** (r + x))
    return float((num / (1 + a / (b + x) * ((alpha + T) / (alpha + tx)) ** (r + x))).sum())


# --- BG/NBD with a share that never lapses -------------------------------------------------

def _nbd_ll(r: float, alpha: float, x, T) -> np.ndarray:
    return gammaln(r + x) - gammaln(r) + r * np.log(alpha) - (r + x) * np.log(alpha + T)


def _bgnbd_ll(r: float, alpha: float, a: float, b: float, x, tx, T) -> np.ndarray:
    lapsed = np.where(x > 0, np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + tx), -np.inf)
    return (gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x) - betaln(a, b)
            + np.logaddexp(-(r + x) * np.log(alpha + T), lapsed))


def _loyal_parts(params: Params, x, tx, T) -> tuple[np.ndarray, np.ndarray]:
    r, alpha, a, b, share = params
    return np.log(share) + _nbd_ll(r, alpha, x, T), np.log1p(-share) + _bgnbd_ll(r, alpha, a, b, x, tx, T)


def fit_loyal_bgnbd(summary: pd.DataFrame) -> Params:
    """r, alpha, a, b and the never-lapsing share (fitted as a logit)."""
    x, tx, T = _xs(summary)

    def neg(p: np.ndarray) -> float:
        params = np.r_[np.exp(p[:4]), expit(p[4])]
        value = -np.logaddexp(*_loyal_parts(params, x, tx, T)).mean()
        return value if np.isfinite(value) else 1e10

    res = minimize(neg, np.r_[np.log([0.25, 4.5, 0.8, 2.4]), -3.0], method="Nelder-Mead",
                   options={"maxiter": 8000, "xatol": 1e-7, "fatol": 1e-10})
    return np.r_[np.exp(res.x[:4]), expit(res.x[4])]


def loyal_bgnbd_expected(params: Params, summary: pd.DataFrame, t: float) -> float:
    r, alpha, a, b, _ = params
    x, tx, T = _xs(summary)
    loyal, lapsing = _loyal_parts(params, x, tx, T)
    w = np.exp(loyal - np.logaddexp(loyal, lapsing))
    bg = expected_purchases(BgNbdFit(r, alpha, a, b, 0.0, "weeks", True, len(x)), summary, t).to_numpy()
    return float((w * (r + x) / (alpha + T) * t + (1 - w) * bg).sum())


# --- periodic death opportunity (Jerath, Fader & Hardie 2011) --------------------------------

def _pdo_terms(params: Params, tau: float, x, tx, T) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-likelihood, log of its "still alive" part, and the lapse opportunities passed (n)."""
    r, alpha, a, b = params
    n, m = np.floor(T / tau + 1e-9), np.floor(tx / tau + 1e-9)
    j = np.arange(int(n.max()) + 1)[None, :]  # lapse at opportunity j + 1, time (j + 1) tau
    alive = betaln(a, b + n) - betaln(a, b) - (r + x) * np.log(alpha + T)
    lapsed = betaln(a + 1, b + j) - betaln(a, b) - (r + x)[:, None] * np.log(alpha + (j + 1) * tau)
    lapsed = np.where((j >= m[:, None]) & (j < n[:, None]), lapsed, -np.inf)
    both = np.logaddexp(alive, logsumexp(lapsed, axis=1))
    return gammaln(r + x) - gammaln(r) + r * np.log(alpha) + both, alive - both, n


def fit_pdo(summary: pd.DataFrame, tau: float) -> Params:
    x, tx, T = _xs(summary)

    def neg(log_p: np.ndarray) -> float:
        value = -_pdo_terms(np.exp(log_p), tau, x, tx, T)[0].mean()
        return value if np.isfinite(value) else 1e10

    return _fit(neg, [0.5, 10.0, 0.5, 5.0])


def pdo_expected(params: Params, tau: float, summary: pd.DataFrame, t: float) -> float:
    """P(alive) x E[rate | alive] x expected time alive in the next t weeks."""
    r, alpha, a, b = params
    x, tx, T = _xs(summary)
    _, log_p_alive, n = _pdo_terms(params, tau, x, tx, T)
    k = np.arange(int(np.ceil(t / tau)) + 2)[None, :]  # k more opportunities survived
    start = np.maximum((n[:, None] + k) * tau, T[:, None])
    end = np.minimum((n[:, None] + k + 1) * tau, (T + t)[:, None])
    survive = np.exp(betaln(a, b + n[:, None] + k) - betaln(a, b + n[:, None]))
    alive_time = (survive * np.clip(end - start, 0, None)).sum(axis=1)
    return float((np.exp(log_p_alive) * (r + x) / (alpha + T) * alive_time).sum())


# --- BG/NBD and its recent-rate correction ---------------------------------------------------

def _bgnbd_unconditional(fit, t: np.ndarray) -> np.ndarray:
    """E[X(t)] of a customer observed for t weeks since the first purchase (FHL 2005, eq. 9)."""
    r, alpha, a, b = fit.r, fit.alpha, fit.a, fit.b
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))


def recent_ratio(fit, summary: pd.DataFrame, repeats_recent: int, weeks: float) -> float:
    """Actual repeat purchases of the last `weeks` before the cut-off over the fitted model's."""
    T = summary["T"].to_numpy(np.float64)
    expected = _bgnbd_unconditional(fit, T) - _bgnbd_unconditional(fit, np.maximum(T - weeks, 0.0))
    return repeats_recent / float(expected.sum())


# --- the comparison --------------------------------------------------------------------------

def purchase_days(orders: pd.DataFrame) -> pd.DataFrame:
    days = orders.assign(date=pd.to_datetime(orders["date"]).dt.normalize())
    days = days.drop_duplicates(["customer_id", "date"])
    return days.assign(first=days.groupby("customer_id")["date"].transform("min"))


def repeats_between(days: pd.DataFrame, known_on: pd.Timestamp, start: pd.Timestamp,
                    end: pd.Timestamp) -> int:
    """Repeat purchase days in (start, end] of the customers who had bought by `known_on`."""
    mask = (days["first"] <= known_on) & (days["date"] > start) & (days["date"] <= end)
    return int((mask & (days["date"] > days["first"])).sum())


def forecasts(orders: pd.DataFrame, cut_off: str, weeks: int, recent_weeks: int = 13) -> dict[str, float]:
    """Each candidate's forecast of repeat purchase days in the `weeks` after `cut_off`, and the
    actual count (NaN when the data ends earlier)."""
    start = pd.Timestamp(cut_off)
    summary = summary_from_orders(orders, start, "weeks")
    days = purchase_days(orders)
    bgnbd = fit_bgnbd(summary)
    bg = float(expected_purchases(bgnbd, summary, weeks).sum())
    recent = repeats_between(days, start, start - pd.Timedelta(weeks=recent_weeks), start)
    end = start + pd.Timedelta(weeks=weeks)
    actual = repeats_between(days, start, start, end) if days["date"].max() >= end else float("nan")
    return {
        "actual": actual,
        "BG/NBD": bg,
        "Pareto/NBD": pareto_nbd_expected(fit_pareto_nbd(summary), summary, weeks),
        "MBG/NBD": mbg_nbd_expected(fit_mbg_nbd(summary), summary, weeks),
        "BG/NBD x recent rate": bg * recent_ratio(bgnbd, summary, recent, recent_weeks),
        "BG/NBD + never lapsing": loyal_bgnbd_expected(fit_loyal_bgnbd(summary), summary, weeks),
        **{f"PDO tau={tau:g}w": pdo_expected(fit_pdo(summary, tau), tau, summary, weeks) for tau in PDO_TAUS},
    }


def compare(orders: pd.DataFrame, earlier: list[tuple[str, int]], holdout: tuple[str, int]) -> list[str]:
    """Lines of the comparison: the candidate with the smallest error on the longest earlier
    window is the pick (the others are shown for the record); the holdout says whether it holds.
    Every earlier window must end by the holdout's cut-off: one that reads orders after it would
    choose the model with the holdout's own data."""
    cut = pd.Timestamp(holdout[0])
    late = [w for w in earlier if pd.Timestamp(w[0]) + pd.Timedelta(weeks=w[1]) > cut]
    if late:
        raise ValueError(f"earlier windows {late} end after the holdout's cut-off {holdout[0]}")
    lines, errors = [], {}
    windows = [(f"earlier window {i + 1}", w) for i, w in enumerate(earlier)] + [("holdout", holdout)]
    for label, (cut_off, weeks) in windows:
        got = forecasts(orders, cut_off, weeks)
        actual = got.pop("actual")
        errors[label] = {name: value / actual - 1 for name, value in got.items()}
        shown = ", ".join(f"{name} {value:,.0f} ({errors[label][name]:+.1%})" for name, value in got.items())
        lines.append(f"  {label} ({weeks} weeks after {cut_off}): actual {actual:,.0f}; {shown}")
    by = max(windows[:-1], key=lambda window: window[1][1])[0]
    pick = min(errors[by], key=lambda name: abs(errors[by][name]))
    lines.append(f"  picked on {by}: {pick}, holdout error {errors['holdout'][pick]:+.1%}")
    return lines
