import datetime as dt
import csv
from decimal import Decimal

import pytest

from crm_core.data import orders as order_import
from crm_core.errors import CrmError
from crm_core.imports import BadRow, export_customers, import_customers, import_orders
from crm_core.models import AuditLog, Customer, Order, User
from tests.integration.analytics_seed import set_scores


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def customers_by_norm():
    return {c.name_norm: c for c in Customer.select()}


def test_good_rows_land_and_bad_rows_are_reported_with_row_and_reason(database, tmp_path):
    path = write(tmp_path, "customers.csv",
                 " Name ,EMAIL,Phone,city,notes\n"
                 "Acme Corp,Info@Acme.COM ,+49 (30) 123-4567,Berlin,key account\n"
                 "Bad Mail Ltd,x@,,Paris,\n"
                 ",nobody@example.com,,,\n"
                 "Short Phone,,12,,\n"
                 "\n"
                 "  Beta   Logistics ,,0044 20 7946 0000,  London ,\n"
                 "Twice Wrong,y@,1,,\n")
    report = import_customers(path)
    assert report.bad_rows == [
        BadRow(3, "malformed email 'x@'"),
        BadRow(4, "missing name"),
        BadRow(5, "bad phone '12'"),
        BadRow(8, "malformed email 'y@'; bad phone '1'"),
    ]
    assert (report.rows_read, report.created, report.bad) == (6, 2, 4)
    stored = customers_by_norm()
    assert set(stored) == {"acme", "beta logistics"}
    assert (stored["acme"].name, stored["acme"].email, stored["acme"].phone, stored["acme"].city) == \
        ("Acme Corp", "info@acme.com", "+49301234567", "Berlin")
    assert (stored["beta logistics"].name, stored["beta logistics"].phone, stored["beta logistics"].city) == \
        ("Beta Logistics", "+442079460000", "London")


def test_duplicates_within_the_file_merge_by_name_or_email(database, tmp_path):
    path = write(tmp_path, "customers.csv",
                 "name,email,phone,city\n"
                 "Müller & Söhne GmbH,,,\n"
                 "MULLER AND SOHNE,kontakt@mueller.example,+49 89 1234567,\n"
                 "Mueller Family Office,KONTAKT@mueller.example,,München\n"
                 "Müller & Söhne GmbH,other@mueller.example,,Hamburg\n")
    report = import_customers(path)
    assert (report.created, report.updated, report.skipped, report.bad) == (1, 0, 3, 0)
    [customer] = Customer.select()
    assert (customer.name, customer.name_norm, customer.email, customer.phone, customer.city) == \
        ("Müller & Söhne GmbH", "muller and sohne", "kontakt@mueller.example", "+49891234567", "München")


def test_duplicates_of_database_customers_only_fill_empty_fields(database, tmp_path):
    existing = Customer.create(name="O'Brien Logistics", name_norm="obrien logistics", email="ops@obrien.example")
    by_email = Customer.create(name="Zeta Ltd", name_norm="zeta", city="Cork")
    by_email_mail = "hello@zeta.example"
    Customer.update(email=by_email_mail).where(Customer.id == by_email.id).execute()
    path = write(tmp_path, "customers.csv",
                 "name,email,phone,city\n"
                 "OBrien Logistics Ltd,new@obrien.example,+353 1 555 0100,Dublin\n"
                 "Zeta Renamed,Hello@Zeta.example,,Galway\n")
    report = import_customers(path)
    assert (report.created, report.updated, report.skipped) == (0, 1, 1)
    assert Customer.select().count() == 2
    existing = Customer.get_by_id(existing.id)
    assert (existing.name, existing.email, existing.phone, existing.city) == \
        ("O'Brien Logistics", "ops@obrien.example", "+35315550100", "Dublin")
    assert Customer.get_by_id(by_email.id).city == "Cork"


def test_importing_the_same_customers_twice_adds_nothing(database, tmp_path):
    path = write(tmp_path, "customers.csv", "name,email,phone,city\nA Co,a@a.example,,\nB Co,,123456,\nC Co,,,Rome\n")
    assert import_customers(path).created == 3
    before = [(c.id, c.name, c.email, c.phone, c.city) for c in Customer.select().order_by(Customer.id)]
    again = import_customers(path)
    assert (again.created, again.updated, again.skipped) == (0, 0, 3)
    assert [(c.id, c.name, c.email, c.phone, c.city) for c in Customer.select().order_by(Customer.id)] == before


def test_orders_import_creates_unknown_customers_and_reports_bad_rows(database, tmp_path):
    acme = Customer.create(name="Acme Corp", name_norm="acme")
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    path = write(tmp_path, "orders.csv",
                 "Customer,Date,Amount,channel\n"
                 "ACME Inc.,2024-01-05,10.5,web\n"
                 "Nordwind Handel GmbH,20240106,99.999,\n"
                 "Nordwind Handel,2024-02-30,5,\n"
                 f"Nordwind Handel,{tomorrow},5,\n"
                 "Nordwind Handel,2024/01/07,5,\n"
                 "Nordwind Handel,2024-01-07,-1,\n"
                 "Nordwind Handel,2024-01-07,NaN,\n"
                 "Nordwind Handel,2024-01-07,ten,\n"
                 ",2024-01-07,5,\n"
                 "buyer@shop.example,2024-01-08,0,\n")
    report = import_orders(path)
    assert report.bad_rows == [
        BadRow(4, "bad date '2024-02-30' (use YYYY-MM-DD or YYYYMMDD)"),
        BadRow(5, f"future date '{tomorrow}'"),
        BadRow(6, "bad date '2024/01/07' (use YYYY-MM-DD or YYYYMMDD)"),
        BadRow(7, "negative amount '-1'"),
        BadRow(8, "bad amount 'NaN'"),
        BadRow(9, "bad amount 'ten'"),
        BadRow(10, "missing customer"),
    ]
    assert (report.rows_read, report.created, report.customers_created, report.bad) == (10, 3, 2, 7)
    customers = customers_by_norm()
    assert set(customers) == {"acme", "nordwind handel", "buyer shop example"}
    assert customers["nordwind handel"].name == "Nordwind Handel GmbH"
    assert customers["buyer shop example"].email == "buyer@shop.example"
    orders = {(o.customer_id, o.date, float(o.amount)) for o in Order.select()}
    assert orders == {(acme.id, dt.date(2024, 1, 5), 10.5),
                      (customers["nordwind handel"].id, dt.date(2024, 1, 6), 100.0),
                      (customers["buyer shop example"].id, dt.date(2024, 1, 8), 0.0)}
    assert all(len(o.row_key) == 32 for o in Order.select())


def test_orders_match_customers_by_email(database, tmp_path):
    customer = Customer.create(name="Shop One", name_norm="shop one", email="buyer@shop.example")
    path = write(tmp_path, "orders.csv", "customer,date,amount\nBuyer@Shop.example,2024-03-01,12\n")
    report = import_orders(path)
    assert (report.created, report.customers_created) == (1, 0)
    assert Order.get().customer_id == customer.id


def test_repeated_orders_in_a_file_are_kept_and_reimport_adds_nothing(database, tmp_path, monkeypatch):
    monkeypatch.setattr(order_import, "CHUNK_ROWS", 2)  # repeats and new customers across chunk boundaries
    path = write(tmp_path, "orders.csv",
                 "customer,date,amount\n"
                 "Acme,2024-01-05,10\n"
                 "Beta,2024-01-05,10\n"
                 "ACME,20240105,10.00\n"
                 "Gamma,2024-01-06,1\n"
                 "acme corp,2024-01-05,10.0\n")
    first = import_orders(path)
    assert (first.created, first.customers_created, first.skipped) == (5, 3, 0)
    assert Order.select().count() == 5
    assert Order.select().where(Order.customer == Customer.get(Customer.name_norm == "acme")).count() == 3
    second = import_orders(path)
    assert (second.rows_read, second.created, second.skipped, second.customers_created) == (5, 0, 5, 0)
    assert Order.select().count() == 5 and Customer.select().count() == 3


@pytest.mark.parametrize("importer, header, missing", [
    (import_customers, "email,phone,city", "name"),
    (import_orders, "customer,date,total", "amount"),
])
def test_a_missing_required_column_is_a_clear_error_and_writes_nothing(database, tmp_path, importer, header, missing):
    path = write(tmp_path, "data.csv", f"{header}\nAcme,2024-01-05,10\n")
    with pytest.raises(CrmError, match=f"lacks the column {missing}"):
        importer(path)
    assert Customer.select().count() == Order.select().count() == AuditLog.select().count() == 0


def test_a_missing_file_is_a_clear_error(database, tmp_path):
    with pytest.raises(CrmError, match="No such file"):
        import_orders(tmp_path / "nope.csv")


def test_each_import_writes_one_audit_row(database, tmp_path):
    user = User.create(name="Maria Garcia", role="rep")
    customers = write(tmp_path, "customers.csv", "name\nAcme\nBeta\n")
    orders = write(tmp_path, "orders.csv", "customer,date,amount\nAcme,2024-01-05,10\nGamma,2024-01-05,1\n")
    import_customers(customers, actor=user.id)
    import_orders(orders)
    rows = list(AuditLog.select().order_by(AuditLog.id))
    assert [(r.action, r.op, r.entity, r.actor_id) for r in rows] == [
        ("import_customers", "create", "customers", user.id), ("import_orders", "create", "orders", None)]
    assert "2 created" in rows[0].description and "1 customers created" in rows[1].description
    assert all(len(r.batch) == 32 and int(r.batch, 16) >= 0 for r in rows)
    assert rows[0].batch != rows[1].batch


def test_progress_is_reported_up_to_the_total(database, tmp_path):
    path = write(tmp_path, "orders.csv", "customer,date,amount\n" + "Acme,2024-01-05,10\n" * 5)
    calls = []
    import_orders(path, progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1] == (5, 5)


def test_export_writes_every_customer_with_its_owner(database, tmp_path):
    owner = User.create(name="Li Wei", role="rep")
    cafe = Customer.create(name="Café Déjà Vu", name_norm="cafe deja vu", email="hi@cafe.example", owner=owner,
                           segment="loyal")
    set_scores(cafe.id, lifetime_value=1234.5)
    Customer.create(name="Plain Co", name_norm="plain")
    path = tmp_path / "export.csv"
    assert export_customers(path) == 2
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["name", "email", "phone", "city", "owner", "segment", "lifetime_value", "created_at",
                            "churn_risk", "p_alive", "expected_purchases_90d", "clv"]
    assert (rows[0]["name"], rows[0]["owner"], rows[0]["segment"], rows[0]["lifetime_value"]) == \
        ("Café Déjà Vu", "Li Wei", "loyal", "1234.50")
    assert rows[1]["owner"] == "" and rows[1]["created_at"][:4].isdigit()
    again = import_customers(path)  # an export is a valid import file, and it adds nothing
    assert (again.created, again.bad) == (0, 0)


def test_cells_too_big_for_their_columns_are_bad_rows_on_every_backend(database, tmp_path):
    long_email = "x" * 250 + "@example.com"  # a well-formed address, 262 characters: the column holds 254
    customers = write(tmp_path, "customers.csv",
                      f"name,email,city\nGood One,good@example.com,Rome\nLong Mail,{long_email},\n"
                      f"Long City,,{'c' * 121}\nGood Two,,\n")
    report = import_customers(customers)
    assert report.bad_rows == [BadRow(3, "email longer than 254 characters"),
                               BadRow(4, "city longer than 120 characters")]
    assert set(customers_by_norm()) == {"good one", "good two"}
    orders = write(tmp_path, "orders.csv", "customer,date,amount\nGood One,2024-01-05,999999999999.99\n"
                   "Good One,2024-01-06,1000000000000\nGood One,2024-01-07,999999999999.999\n"
                   "Good One,2024-01-08,1\n")
    report = import_orders(orders)
    assert report.bad_rows == [BadRow(3, "amount '1000000000000' is too large"),
                               BadRow(4, "amount '999999999999.999' is too large")]
    assert sorted(o.amount for o in Order.select()) == [Decimal("1"), Decimal("999999999999.99")]


def test_export_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(database, tmp_path):
    Customer.create(name='=HYPERLINK("http://evil.example","Acme")', name_norm="hyperlink http evil example acme",
                    phone="+4930123456", city="@SUM(1+1)")
    Customer.create(name="-Dash Co", name_norm="dash co", city="\tTabbed")
    path = tmp_path / "export.csv"
    export_customers(path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["name"], r["phone"], r["city"]) for r in rows] == [
        ("'=HYPERLINK(\"http://evil.example\",\"Acme\")", "'+4930123456", "'@SUM(1+1)"),
        ("'-Dash Co", "", "'\tTabbed"),
    ]
    Customer.delete().execute()
    import_customers(path)  # our own export imports back as it was
    assert {(c.name, c.phone) for c in Customer.select()} == {
        ('=HYPERLINK("http://evil.example","Acme")', "+4930123456"), ("-Dash Co", None)}
