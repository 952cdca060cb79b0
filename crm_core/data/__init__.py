"""Bulk data in and out: CSV imports and exports (re-exported by `crm_core.imports`) and demo data."""
