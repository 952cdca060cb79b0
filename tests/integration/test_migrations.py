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
