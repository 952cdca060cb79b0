"""`crm import contacts FILE`: good rows imported, bad ones reported by row and reason, a re-import adds nothing."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from crm_core.data.report import BadRow
from crm_core.errors import ValidationError
from crm_core.imports import import_contacts
from crm_core.models import AuditLog, Contact

from .conftest import database_state

FILE = ("Name,Customer,Title,Email,Phone,notes\n"
        "Dana Ruiz,Globex,CFO,Dana@Globex.example,+1 555 0100,met at expo\n"
        "Lee Chan,acme labs,CTO,,,\n"
        "Nobody Known,Hooli,CEO,,,\n"
        "Bad Mail,Globex,,bad@,,\n"
        ",Globex,,,,\n"
        "\n"
        "Short Phone,Globex,,,12,\n"
        "DANA  RUIZ,Globex Ltd,,,,\n"
        "Dee R,Globex,Finance,dana@globex.example,,\n")


def test_good_rows_land_bad_rows_are_reported_and_a_reimport_adds_nothing(database, customers, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(FILE, encoding="utf-8")
    report = import_contacts(path)
    assert report.bad_rows == [BadRow(4, "unknown customer 'Hooli'"),
                               BadRow(5, "'bad@' is not an email address"),
                               BadRow(6, "missing name"),
                               BadRow(8, "'12' is not a phone number")]
    assert (report.rows_read, report.created, report.updated, report.skipped, report.bad) == (8, 2, 0, 2, 4)
    dana = Contact.get(Contact.name == "Dana Ruiz")
    assert (dana.customer_id, dana.title, dana.email, dana.phone) == (customers["globex"].id, "CFO",
                                                                      "dana@globex.example", "+15550100")
    assert Contact.get(Contact.name == "Lee Chan").customer_id == customers["acme_labs"].id
    audit = AuditLog.get(AuditLog.action == "import_contacts")
    assert "8 rows read, 2 created, 0 updated, 2 duplicates skipped, 4 bad" in audit.description

    before = {k: v for k, v in database_state().items() if k != "audit_log"}
    again = import_contacts(path)
    assert (again.created, again.updated, again.skipped, again.bad) == (0, 0, 4, 4)
    assert {k: v for k, v in database_state().items() if k != "audit_log"} == before


def test_a_known_contact_gets_only_its_empty_fields_filled(database, customers, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text("name,customer,title\nLee Chan,Acme Labs,\n", encoding="utf-8")
    import_contacts(path)
    path.write_text("name,customer,title,email\nlee chan,Acme Labs,CTO,lee@acmelabs.example\n"
                    "Lee Chan,Acme Labs,CEO,\n", encoding="utf-8")
    report = import_contacts(path)
    assert (report.created, report.updated, report.skipped) == (0, 1, 1)
    lee = Contact.get()
    assert (lee.title, lee.email) == ("CTO", "lee@acmelabs.example")


def test_a_file_without_the_customer_column_writes_nothing(database, customers, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text("name,title\nDana,CFO\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="lacks the column customer"):
        import_contacts(path)
    assert Contact.select().count() == 0


def test_the_cli_prints_the_summary_and_each_bad_row(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'crm.db'}"}

    def crm(*args):
        return subprocess.run([sys.executable, "-c", "import sys; from crm_core.cli import main; sys.exit(main())",
                               *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)

    (tmp_path / "customers.csv").write_text("name\nGlobex\n", encoding="utf-8")
    assert crm("import", "customers", "customers.csv").returncode == 0
    (tmp_path / "contacts.csv").write_text("name,customer,title,email,phone\nDana Ruiz,Globex,CFO,,\n"
                                           "Zed,Hooli,,,\n", encoding="utf-8")
    result = crm("import", "contacts", "contacts.csv")
    assert result.returncode == 0, result.stderr
    assert "Imported contacts from contacts.csv: 2 rows read, 1 created, 0 updated" in result.stdout
    assert "row 3: unknown customer 'Hooli'" in result.stdout


def test_rows_spread_over_chunks_give_the_same_result(database, customers, tmp_path, monkeypatch):
    from crm_core.data import contacts as contact_import
    monkeypatch.setattr(contact_import, "CHUNK_ROWS", 2)
    path = tmp_path / "contacts.csv"
    path.write_text(FILE + "dana ruiz,Globex,,,+1 555 0199,\nLee Chan,Acme Labs,,lee@acmelabs.example,,\n",
                    encoding="utf-8")
    report = import_contacts(path)
    assert (report.created, report.updated, report.skipped, report.bad) == (2, 1, 3, 4)
    assert Contact.get(Contact.name == "Lee Chan").email == "lee@acmelabs.example"
    assert Contact.get(Contact.name == "Dana Ruiz").phone == "+15550100"  # a filled field is not overwritten
