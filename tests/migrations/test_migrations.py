"""Migrations match the models and are reversible, on the backend under test."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import models
from app.core.db import make_engine
from app.core.migrations import downgrade, upgrade


def _pending_changes(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, models.metadata)
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_autogenerate_finds_no_difference_between_models_and_migrations(scratch_database_url):
    upgrade(scratch_database_url)
    assert _pending_changes(scratch_database_url) == []


def test_upgrade_downgrade_upgrade(scratch_database_url):
    upgrade(scratch_database_url)
    assert _tables(scratch_database_url) == set(models.metadata.tables)

    downgrade(scratch_database_url, "base")
    assert _tables(scratch_database_url) == set()

    upgrade(scratch_database_url)
    assert _tables(scratch_database_url) == set(models.metadata.tables)
    assert _pending_changes(scratch_database_url) == []
