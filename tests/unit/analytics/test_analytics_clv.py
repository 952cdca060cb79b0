"""BG/NBD and Gamma-Gamma against the published CDNOW results, simulation and edge cases."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import approx_fprime

from crm_core.analytics import AnalyticsError, clv
from crm_core.analytics.clv import (
    BgNbdFit,
    expected_purchases,
    expected_spend,
    fit_bgnbd,
    fit_gamma_gamma,
    lifetime_value,
    p_alive,
    summary_from_orders,
)

CALIBRATION_END = "1997-09-30"
# Fader, Hardie & Lee (2005), "Counting your customers the easy way", CDNOW sample, weeks
PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "log_likelihood": -9582.4}
# Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves", same calibration period
PUBLISHED_GG = {"p": 6.25, "q": 3.74, "v": 15.44}


def assert_close_to_published(fit: object, published: dict[str, float], rel: float) -> None:
    for name, value in published.items():
        assert getattr(fit, name) == pytest.approx(value, rel=rel), name


def test_bgnbd_from_raw_cdnow_transactions_matches_published(cdnow_orders):
    summary = summary_from_orders(cdnow_orders, CALIBRATION_END, time_unit="weeks")
    fit = fit_bgnbd(summary)
    assert_close_to_published(fit, PUBLISHED_BGNBD, rel=0.01)
    assert fit.time_unit == "weeks" and fit.converged and fit.n_customers == 2357


def test_bgnbd_from_published_summary_matches_published(cdnow_summary):
    fit = fit_bgnbd(cdnow_summary, time_unit="weeks")
    assert_close_to_published(fit, PUBLISHED_BGNBD, rel=0.01)


def test_summary_from_raw_transactions_matches_published_summary(cdnow_orders, cdnow_summary):
    summary = summary_from_orders(cdnow_orders, CALIBRATION_END)
    assert list(summary.index) == list(cdnow_summary.index)
    assert (summary["frequency"].to_numpy() == cdnow_summary["frequency"].to_numpy()).all()
    for col in ("recency", "T"):  # the CSV is rounded to 2 decimals
        np.testing.assert_allclose(summary[col], cdnow_summary[col], atol=0.006)


def test_gamma_gamma_on_cdnow_matches_published(cdnow_orders):
    # monetary_value = mean spend per repeat purchase day in the calibration period: the spend
    # of all orders of a day summed, the first purchase day left out; 946 repeat buyers.
    summary = summary_from_orders(cdnow_orders, CALIBRATION_END)
    fit = fit_gamma_gamma(summary)
    assert fit.n_customers == 946
    assert_close_to_published(fit, PUBLISHED_GG, rel=0.02)


def test_expected_spend_shrinks_towards_population_mean(cdnow_orders):
    summary = summary_from_orders(cdnow_orders, CALIBRATION_END)
    fit = fit_gamma_gamma(summary)
    spend = expected_spend(fit, summary)
    population_mean = fit.p * fit.v / (fit.q - 1)
    x, m = summary["frequency"], summary["monetary_value"]
    np.testing.assert_allclose(spend[x == 0], population_mean)
    low, high = np.minimum(m, population_mean), np.maximum(m, population_mean)
    repeat = x > 0
    assert ((spend[repeat] >= low[repeat] - 1e-9) & (spend[repeat] <= high[repeat] + 1e-9)).all()


@pytest.mark.parametrize("log_params", [[0.0, 0.0, 0.0, 0.0], [-1.4, 1.5, -0.2, 0.9]])
def test_bgnbd_gradient_matches_finite_differences(cdnow_summary, log_params):
    x, tx, T = (cdnow_summary[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    counts, point = clv._Counts.of(x), np.array(log_params)
    value = lambda p: clv._bgnbd_neg_ll(p, counts, tx, T)[0]  # noqa: E731
    np.testing.assert_allclose(clv._bgnbd_neg_ll(point, counts, tx, T)[1],
                               approx_fprime(point, value, 1e-7), rtol=1e-4, atol=1e-7)


def test_gamma_gamma_gradient_matches_finite_differences(cdnow_orders):
    summary = summary_from_orders(cdnow_orders, CALIBRATION_END)
    summary = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
    x, m = summary["frequency"].to_numpy(float), summary["monetary_value"].to_numpy()
    counts, point = clv._Counts.of(x), np.array([1.8, 1.3, 2.7])
    value = lambda p: clv._gg_neg_ll(p, counts, m, np.log(m))[0]  # noqa: E731
    np.testing.assert_allclose(clv._gg_neg_ll(point, counts, m, np.log(m))[1],
                               approx_fprime(point, value, 1e-7), rtol=1e-4, atol=1e-7)


def simulate_bgnbd(r, alpha, a, b, T, rng) -> pd.DataFrame:
    """Repeat purchases of BG/NBD customers observed for T periods each (vectorised)."""
    lam = rng.gamma(r, 1 / alpha, size=len(T))
    p = rng.beta(a, b, size=len(T))
    n_poisson = rng.poisson(lam * T)
    lifetime = rng.geometric(p)  # the customer drops out after this many repeat purchases
    x = np.minimum(n_poisson, lifetime)
    # the x-th of n_poisson uniform purchase times on (0, T]
    tx = np.where(x > 0, T * rng.beta(np.maximum(x, 1), n_poisson - x + 1), 0.0)
    return pd.DataFrame({"frequency": x, "recency": tx, "T": T})


def test_bgnbd_recovers_simulated_parameters():
    rng = np.random.default_rng(7)
    truth = {"r": 0.5, "alpha": 30.0, "a": 0.8, "b": 3.0}
    summary = simulate_bgnbd(**truth, T=rng.uniform(100, 500, 40_000), rng=rng)
    fit = fit_bgnbd(summary, time_unit="days")
    for name, value in truth.items():
        assert getattr(fit, name) == pytest.approx(value, rel=0.15), name


def test_expected_purchases_of_a_new_customer_matches_simulation():
    fit = BgNbdFit(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=0.0,
                   time_unit="weeks", converged=True, n_customers=1)
    horizon = 39.0
    new = pd.DataFrame({"frequency": [0], "recency": [0.0], "T": [0.0]})
    expected = expected_purchases(fit, new, horizon).iloc[0]
    rng = np.random.default_rng(1)
    simulated = simulate_bgnbd(0.243, 4.414, 0.793, 2.426, np.full(400_000, horizon), rng)
    assert expected == pytest.approx(simulated["frequency"].mean(), rel=0.02)


def test_conditional_expectations_behave(cdnow_summary):
    fit = fit_bgnbd(cdnow_summary)
    alive = p_alive(fit, cdnow_summary)
    assert ((alive > 0) & (alive <= 1)).all()
    assert (alive[cdnow_summary["frequency"] == 0] == 1).all()
    # same history, observed longer since the last purchase -> less likely alive
    history = pd.DataFrame({"frequency": [3, 3], "recency": [10.0, 10.0], "T": [12.0, 30.0]})
    assert p_alive(fit, history).iloc[0] > p_alive(fit, history).iloc[1]
    short, long = (expected_purchases(fit, cdnow_summary, t) for t in (4.0, 39.0))
    assert (long >= short).all() and (short >= 0).all()
    assert (expected_purchases(fit, cdnow_summary, 0.0) == 0).all()


def test_lifetime_value_formula_and_discounting(cdnow_orders):
    summary = summary_from_orders(cdnow_orders, CALIBRATION_END)
    bgnbd, gg = fit_bgnbd(summary), fit_gamma_gamma(summary)
    clv = lifetime_value(bgnbd, gg, summary, horizon_days=90)
    undiscounted = expected_purchases(bgnbd, summary, 90 / 7) * expected_spend(gg, summary)
    np.testing.assert_allclose(clv, undiscounted, rtol=1e-9)
    discounted = lifetime_value(bgnbd, gg, summary, horizon_days=90, monthly_discount_rate=0.05)
    assert (discounted < clv).all() and (discounted > clv / 1.05**3 - 1e-12).all()


def test_lifetime_value_does_not_depend_on_time_unit(cdnow_orders):
    weekly = summary_from_orders(cdnow_orders, CALIBRATION_END, time_unit="weeks")
    daily = summary_from_orders(cdnow_orders, CALIBRATION_END, time_unit="days")
    fit_w, fit_d = fit_bgnbd(weekly), fit_bgnbd(daily)
    assert fit_d.time_unit == "days"
    assert fit_d.alpha == pytest.approx(7 * fit_w.alpha, rel=0.01)
    gg = fit_gamma_gamma(weekly)
    np.testing.assert_allclose(lifetime_value(fit_d, gg, daily), lifetime_value(fit_w, gg, weekly),
                               rtol=0.01, atol=1e-6)


def test_summary_ignores_late_orders_and_invalid_amounts():
    orders = pd.DataFrame({
        "customer_id": ["a", "a", "a", "a", "a", "b"],
        "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-15", "2024-01-29",
                                "2024-03-01", "2024-01-08"]),
        "amount": [10.0, 5.0, 20.0, -20.0, 99.0, np.nan],
    })
    summary = summary_from_orders(orders, "2024-02-12", time_unit="weeks")
    assert list(summary.index) == ["a"]  # b's only order has no amount
    row = summary.loc["a"]
    assert row["frequency"] == 1  # 01-01 (two orders, one day) and 01-15; the refund is dropped
    assert row["recency"] == pytest.approx(2.0) and row["T"] == pytest.approx(6.0)
    assert row["monetary_value"] == pytest.approx(20.0)
    assert summary.attrs["n_dropped_invalid_amount"] == 2
    assert summary.attrs["n_ignored_after_as_of"] == 1


def test_no_orders_is_a_clear_error():
    empty = pd.DataFrame({"customer_id": [], "date": pd.to_datetime([]), "amount": []})
    with pytest.raises(AnalyticsError, match="No usable orders"):
        summary_from_orders(empty, "2024-01-01")


def test_single_customer_is_a_clear_error():
    summary = pd.DataFrame({"frequency": [3], "recency": [10.0], "T": [20.0]})
    with pytest.raises(AnalyticsError, match="at least 2 customers"):
        fit_bgnbd(summary)


def test_no_repeat_buyers_is_a_clear_error():
    summary = pd.DataFrame({"frequency": [0, 0, 0], "recency": [0.0] * 3, "T": [5.0, 9.0, 12.0],
                            "monetary_value": [0.0] * 3})
    with pytest.raises(AnalyticsError, match="No customer has made a repeat purchase"):
        fit_bgnbd(summary)
    with pytest.raises(AnalyticsError, match="at least 2 repeat buyers"):
        fit_gamma_gamma(summary)


def test_model_that_does_not_converge_is_a_clear_error():
    # everyone bought right up to the cut-off: no sign of drop-out, the MLE runs off to p -> 0
    summary = pd.DataFrame({"frequency": [5, 8, 3, 6], "recency": [20.0, 30.0, 10.0, 25.0],
                            "T": [20.0, 30.0, 10.0, 25.0]})
    with pytest.raises(AnalyticsError, match="did not converge") as info:
        fit_bgnbd(summary)
    assert "previous scores" in str(info.value)
