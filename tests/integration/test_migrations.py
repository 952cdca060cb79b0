from peewee import SqliteDatabase

from crm_core import migrate
from crm_core.models import ALL_MODELS


def test_upgrade_creates_every_table_the_models_use(database):
    for model in ALL_MODELS:
        columns = {c.name for c in database.get_columns(model._meta.table_name)}
        assert columns == {f.column_name for f in model._meta.sorted_fields}, model.__name__


def test_upgrade_is_idempotent_and_status_shows_it(database):
    assert migrate.upgrade(database) == []
    states = migrate.status(database)
    assert [s.name for s in states] == migrate.available()
    assert all(s.applied_at is not None for s in states)


def test_every_model_index_exists(database):
    for model in ALL_MODELS:
        existing = {tuple(i.columns) for i in database.get_indexes(model._meta.table_name)}
        for field in model._meta.sorted_fields:
            if field.index or field.unique:
                assert (field.column_name,) in existing, f"{model.__name__}.{field.name}"
        for fields, _unique in model._meta.indexes:
            columns = tuple(model._meta.fields[f].column_name for f in fields)
            assert columns in existing, f"{model.__name__}{fields}"


def test_later_migrations_keep_the_rows_of_earlier_ones(database, monkeypatch):
    """Every migration after the first runs over a database holding a customer with an order, a deal,
    a ticket and an activity: none of them may be lost (SQLite rebuilds tables to alter columns)."""
    every = migrate.available()
    for model in reversed(ALL_MODELS):
        database.execute_sql(f'DROP TABLE IF EXISTS "{model._meta.table_name}" CASCADE'
                             if not isinstance(database, SqliteDatabase) else
                             f'DROP TABLE IF EXISTS "{model._meta.table_name}"')
    database.execute_sql('DROP TABLE IF EXISTS "schema_migrations"')
    monkeypatch.setattr(migrate, "available", lambda: every[:1])
    migrate.upgrade(database)
    database.execute_sql("INSERT INTO users (name, role, timezone, is_active, created_at) "
                         "VALUES ('Ann', 'rep', 'UTC', true, '2026-01-01')")
    database.execute_sql("INSERT INTO customers (name, name_norm, is_lead, outreach_opt_in, created_at, updated_at)"
                         " VALUES ('Acme', 'acme', false, true, '2026-01-01', '2026-01-01')")
    children = {
        "orders": "INSERT INTO orders (customer_id, date, amount, created_at) VALUES (1, '2026-01-02', 5, '2026-01-02')",
        "deals": "INSERT INTO deals (customer_id, title, amount, currency, stage, created_at, updated_at) "
                 "VALUES (1, 'Deal', 5, 'USD', 'lead', '2026-01-02', '2026-01-02')",
        "tickets": "INSERT INTO tickets (number, customer_id, subject, status, priority, channel, created_at, "
                   "updated_at) VALUES (1001, 1, 'Help', 'open', 'normal', 'console', '2026-01-02', '2026-01-02')",
        "activities": "INSERT INTO activities (customer_id, kind, summary, channel, occurred_at, created_at) "
                      "VALUES (1, 'call', 'hi', 'console', '2026-01-02', '2026-01-02')",
    }
    for sql in children.values():
        database.execute_sql(sql)
    monkeypatch.setattr(migrate, "available", lambda: every)
    assert migrate.upgrade(database) == every[1:]
    for table in ["users", "customers", *children]:
        assert database.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == 1, table
