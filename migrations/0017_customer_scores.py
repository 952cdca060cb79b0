"""Customer scores move to their own narrow table (customer_scores, one row per scored customer): a
scoring run rewrites a million rows of five numbers and a date there, instead of a million rows of the
wide customers table and its ten indexes. The stored scores are copied over, then the old columns of
customers are dropped."""
from __future__ import annotations

from peewee import CharField, Database, DateTimeField, FloatField, ForeignKeyField, Model
from playhouse.migrate import SchemaMigrator, migrate

SCORE_COLUMNS = ("p_alive", "churn_risk", "expected_purchases_90d", "lifetime_value", "score_version", "scored_at")


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    class Customer(Model):
        class Meta:
            table_name = "customers"

    class CustomerScore(Model):
        customer = ForeignKeyField(Customer, primary_key=True, index=False, on_delete="CASCADE")
        p_alive = FloatField(null=True)
        churn_risk = FloatField(null=True)
        expected_purchases_90d = FloatField(null=True)
        lifetime_value = FloatField(null=True, index=True)
        score_version = CharField(max_length=32)
        scored_at = DateTimeField()

        class Meta:
            table_name = "customer_scores"

    with db.bind_ctx([Customer, CustomerScore]):
        db.create_tables([CustomerScore])
    columns = ", ".join(SCORE_COLUMNS)
    db.execute_sql(f"INSERT INTO customer_scores (customer_id, {columns}) SELECT id, {columns} FROM customers "
                   "WHERE scored_at IS NOT NULL AND score_version IS NOT NULL")
    for index in db.get_indexes("customers"):
        if set(index.columns) & set(SCORE_COLUMNS):
            db.execute_sql(f'DROP INDEX "{index.name}"')
    migrate(*(migrator.drop_column("customers", column) for column in SCORE_COLUMNS))
