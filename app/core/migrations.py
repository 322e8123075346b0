"""Alembic, driven from code: `mdm db upgrade`, `mdm serve` and the tests use it."""

from pathlib import Path

from alembic import command
from alembic.config import Config

import migrations
from app.core.db import normalise_database_url

SCRIPT_LOCATION = Path(migrations.__file__).parent


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("sqlalchemy.url", normalise_database_url(database_url).replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)
