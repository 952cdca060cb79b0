"""Money in currencies (issue 15 item 8): each order carries its ISO 4217 currency, existing ones backfilled with
CRM_CURRENCY (the currency they were imported in); exchange rates to the base currency, one a day per currency,
for the reports that convert."""
from __future__ import annotations

from peewee import AutoField, CharField, Database, DateField, DateTimeField, DecimalField, ForeignKeyField, Model
from playhouse.migrate import SchemaMigrator, migrate

from crm_core.settings import get_settings


class User(Model):
    id = AutoField()

    class Meta:
        table_name = "users"


class ExchangeRate(Model):  # frozen copy of crm_core.models.ExchangeRate as of this migration
    id = AutoField()
    day = DateField()
    currency = CharField(max_length=3)
    base = CharField(max_length=3)
    rate = DecimalField(max_digits=20, decimal_places=10)
    source = CharField(max_length=16)
    set_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField()

    class Meta:
        table_name = "exchange_rates"
        indexes = ((("currency", "base", "day"), True),)


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    with db.bind_ctx([User, ExchangeRate]):
        db.create_tables([ExchangeRate])
    migrate(migrator.add_column("orders", "currency", CharField(max_length=3, default=get_settings().currency)))
