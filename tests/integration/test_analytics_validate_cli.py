"""`crm validate` tells the user when not to trust the model: it exits non-zero when churn risk
ranks customers worse than days since the last purchase does."""
from __future__ import annotations

import argparse
import datetime as dt

import pandas as pd

from crm_core.analytics import validate as validation
from crm_core.analytics.validate import ValidationReport
from crm_core.cli.validate import EXIT_LOSES_TO_RECENCY, parse_horizon, validate
from crm_core.settings import get_settings
from tests.integration.analytics_seed import database_url


def _report(churn_auc: float) -> ValidationReport:
    tracking = pd.DataFrame({"week": [1], "actual": [10], "bgnbd": [9.0], "last_period": [12.0]})
    return ValidationReport(dt.date(2026, 1, 1), 90, 100, 0.8, "rfm-logistic",
                            {"churn_risk": churn_auc, "bgnbd": 0.6, "recency": 0.7, "frequency": 0.6},
                            [{"decile": 1, "customers": 100, "predicted": 0.8, "actual": 0.8}],
                            tracking, {"actual": 10.0, "bgnbd": 9.0, "last_period": 12.0}, 1)


def _run(database, monkeypatch, capsys, churn_auc: float) -> tuple[int, str]:
    monkeypatch.setenv("DATABASE_URL", database_url(database))
    get_settings.cache_clear()
    monkeypatch.setattr(validation, "validate_orders", lambda orders, as_of, horizon: _report(churn_auc))
    args = argparse.Namespace(as_of="2026-01-01", horizon=None, json=False, out=None, deals=False)
    try:
        code = validate(args)
    finally:
        get_settings.cache_clear()
    return code, capsys.readouterr().out


def test_a_model_that_loses_to_recency_exits_non_zero_and_says_so(database, monkeypatch, capsys):
    code, out = _run(database, monkeypatch, capsys, churn_auc=0.65)
    assert code == EXIT_LOSES_TO_RECENCY != 0
    assert "does NOT beat days since the last purchase" in out


def test_a_model_that_beats_recency_exits_zero(database, monkeypatch, capsys):
    code, out = _run(database, monkeypatch, capsys, churn_auc=0.75)
    assert code == 0 and "NOT" not in out


def test_horizon_in_days_or_weeks():
    assert parse_horizon("90d") == 90 and parse_horizon("13w") == 91 and parse_horizon("30") == 30
    assert parse_horizon(None) == get_settings().churn_horizon_days
