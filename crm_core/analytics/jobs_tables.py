"""Recording analytics runs (migration 0003's tables)."""
from __future__ import annotations

import json
from datetime import date, datetime

from crm_core.models import ModelRun


def record_run(kind: str, as_of: date, started_at: datetime, finished_at: datetime, status: str,
               params: dict, metrics: dict | None = None, error: str | None = None) -> int:
    """Insert a run row and return its id (inside the caller's transaction, if any)."""
    return ModelRun.insert(
        kind=kind, as_of=as_of, started_at=started_at, finished_at=finished_at, status=status,
        params=json.dumps(params, default=str),
        metrics=None if metrics is None else json.dumps(metrics, default=str), error=error,
    ).execute()


def finish_run(run_id: int, metrics: dict) -> None:
    ModelRun.update(metrics=json.dumps(metrics, default=str)).where(ModelRun.id == run_id).execute()
