"""Deal win probability: a learnable synthetic pipeline, the stage-rate fallback, edge cases."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crm_core.analytics import AnalyticsError
from crm_core.analytics.scoring import STAGES, predict, train_deal_model


def synthetic_deals(n: int, seed: int = 0) -> pd.DataFrame:
    """Closed deals whose odds of winning grow with the stage reached and with activity."""
    rng = np.random.default_rng(seed)
    stage = rng.integers(0, len(STAGES), n)
    n_calls = rng.poisson(3, n)
    n_emails = rng.poisson(5, n)
    idle = rng.exponential(15, n)
    logit = -2.5 + 1.1 * stage + 0.35 * n_calls + 0.1 * n_emails - 0.04 * idle
    won = rng.random(n) < 1 / (1 + np.exp(-logit))
    return pd.DataFrame({
        "stage": np.array(STAGES)[stage],
        "status": np.where(won, "won", "lost"),
        "age_days": rng.uniform(5, 120, n),
        "amount": rng.lognormal(8, 1, n),
        "n_calls": n_calls,
        "n_emails": n_emails,
        "days_since_last_activity": idle,
        "segment": rng.choice(["champions", "new", "lost"], n),
    })


def open_deal(**overrides) -> dict:
    deal = {"stage": "proposal", "status": "open", "age_days": 30.0, "amount": 3000.0,
            "n_calls": 3, "n_emails": 5, "days_since_last_activity": 10.0, "segment": "new"}
    return {**deal, **overrides}


def test_model_learns_stage_and_activity():
    deals = synthetic_deals(800)
    model = train_deal_model(deals)
    assert model.method == "logistic_regression" and model.model_version == "deal-lr-1"
    assert model.cv_auc > 0.75 and model.n_folds == 5
    assert model.n_won + model.n_lost == 800
    by_stage = pd.DataFrame([open_deal(stage=s) for s in STAGES])
    probs = predict(model, by_stage)
    assert probs.is_monotonic_increasing and probs.iloc[-1] - probs.iloc[0] > 0.3
    busy, idle = predict(model, pd.DataFrame([open_deal(n_calls=8, days_since_last_activity=1),
                                              open_deal(n_calls=0, days_since_last_activity=60)]))
    assert busy > idle
    assert ((probs >= 0) & (probs <= 1)).all()


def test_training_ignores_open_deals_and_is_deterministic():
    deals = synthetic_deals(300, seed=2)
    noisy = pd.concat([deals, pd.DataFrame([open_deal()] * 50)], ignore_index=True)
    first, second = train_deal_model(noisy), train_deal_model(deals)
    assert first.n_won + first.n_lost == 300
    assert first.cv_auc == second.cv_auc
    np.testing.assert_allclose(predict(first, deals), predict(second, deals))


def test_prediction_handles_unseen_segment_and_missing_activity():
    model = train_deal_model(synthetic_deals(300))
    deals = pd.DataFrame([open_deal(segment="brand-new-segment", days_since_last_activity=None),
                          open_deal(segment=None, amount=None)], index=["d1", "d2"])
    probs = predict(model, deals)
    assert list(probs.index) == ["d1", "d2"] and probs.between(0, 1).all()


def test_few_closed_deals_fall_back_to_stage_rates():
    deals = pd.DataFrame({
        "stage": ["negotiation"] * 6 + ["lead"] * 6 + ["proposal"] * 2,
        "status": ["won"] * 5 + ["lost"] + ["lost"] * 5 + ["won"] + ["won", "lost"],
    })
    model = train_deal_model(deals)
    assert model.method == "stage_rates" and model.cv_auc is None
    assert "14 closed deals" in model.note and "per-stage win rates" in model.note
    rates = model.stage_rates
    assert rates["negotiation"] > rates["proposal"] > rates["lead"]
    overall = (7 + 1) / (14 + 2)
    assert rates["qualified"] == pytest.approx(overall)  # no history: the smoothed prior
    assert rates["negotiation"] < 5 / 6  # shrunk towards the prior
    probs = predict(model, pd.DataFrame({"stage": ["Lead", "negotiation"]}))
    assert probs.tolist() == [rates["lead"], rates["negotiation"]]


def test_one_sided_history_falls_back_to_stage_rates():
    deals = synthetic_deals(200)
    deals["status"] = ["won"] * 3 + ["lost"] * 197
    model = train_deal_model(deals)
    assert model.method == "stage_rates" and "3 won" in model.note


def test_no_closed_deals_is_a_clear_error():
    with pytest.raises(AnalyticsError, match="no won or lost deals"):
        train_deal_model(pd.DataFrame([open_deal()] * 5))


def test_unknown_stage_is_a_clear_error():
    deals = synthetic_deals(100)
    deals.loc[3, "stage"] = "closing"
    with pytest.raises(AnalyticsError, match="Unknown deal stage 'closing'"):
        train_deal_model(deals)
