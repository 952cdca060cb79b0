"""Contacts: the people at a customer, and an activity's optional link to the contact it was with."""
from __future__ import annotations

from peewee import AutoField, CharField, Database, DateTimeField, ForeignKeyField, Model
from playhouse.migrate import SchemaMigrator, migrate


class Customer(Model):
    id = AutoField()

    class Meta:
        table_name = "customers"


class Contact(Model):  # frozen copy of crm_core.models.Contact as of this migration
    id = AutoField()
    customer = ForeignKeyField(Customer, on_delete="CASCADE")
    name = CharField(max_length=200)
    name_norm = CharField(max_length=200)
    title = CharField(max_length=120, null=True)
    email = CharField(max_length=254, null=True, index=True)
    phone = CharField(max_length=32, null=True)
    telegram = CharField(max_length=64, null=True)
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        table_name = "contacts"
        indexes = ((("customer", "name_norm"), True),)


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    with db.bind_ctx([Customer, Contact]):
        db.create_tables([Contact])
    migrate(migrator.add_column("activities", "contact_id",  # a foreign key column: indexed by add_column
                                ForeignKeyField(Contact, null=True, on_delete="SET NULL", field=Contact.id)))
