"""CSV imports and exports: the public entry points (the work is done in `crm_core.data`)."""
from __future__ import annotations

from crm_core.data.contacts import import_contacts
from crm_core.data.customers import export_customers, import_customers
from crm_core.data.orders import import_orders
from crm_core.data.report import MAX_BAD_ROWS_KEPT, BadRow, ImportReport, Progress

__all__ = ["BadRow", "ImportReport", "MAX_BAD_ROWS_KEPT", "Progress", "export_customers", "import_contacts",
           "import_customers", "import_orders"]
