"""SQLite keeps the key tables (blocking keys, search terms, relationship keys) as WITHOUT ROWID tables,
ordered by their primary key: one B-tree fewer to write for every key a record or golden record gets.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY_TABLES = ("blocking_keys", "golden_search_terms", "relationship_keys")


def _rebuild(with_rowid: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # a PostgreSQL table has no rowid
    for table in KEY_TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_with_rowid": with_rowid}):
            pass


def upgrade() -> None:
    _rebuild(with_rowid=False)


def downgrade() -> None:
    _rebuild(with_rowid=True)
