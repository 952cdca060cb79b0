"""Churn risk: each customer's probability of no purchase in the next CRM_CHURN_HORIZON_DAYS days
(P(alive) stays in its own column; it is not a churn risk for one-time buyers)."""
from __future__ import annotations

from peewee import Database, FloatField
from playhouse.migrate import SchemaMigrator, migrate


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    migrate(migrator.add_column("customers", "churn_risk", FloatField(null=True)))
