"""Alembic migrations of the hub's schema, generated from `models/` and tidied by hand."""
