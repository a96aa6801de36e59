"""Contact search: trigram indexes for partial matches in Japanese, which has no spaces between words.

SQLite: an FTS5 table with the trigram tokenizer over contact.search_text, external content (the
text is stored once, in contact), kept in sync by triggers. PostgreSQL: pg_trgm GIN index on the
same column. Both answer `LIKE '%...%'`-style queries of three characters or more from the index;
shorter queries (two-character family names are common) are served by prefix indexes on the keys;
on PostgreSQL they are built on `COLLATE "C"` expressions, so that under any database collation
the same index answers LIKE 'q%' and returns its rows in order (a LIMIT then stops the scan early).

These objects are invisible to the models on purpose (autogenerate cannot express them);
handover.models.contacts.is_search_object names them so that `alembic check` leaves them alone.
A later migration that rebuilds the contact table in SQLite batch mode must recreate the triggers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 12:40:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_UP = (
    "CREATE VIRTUAL TABLE contact_fts USING fts5("
    "search_text, content='contact', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER contact_fts_after_insert AFTER INSERT ON contact BEGIN "
    "INSERT INTO contact_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER contact_fts_after_delete AFTER DELETE ON contact BEGIN "
    "INSERT INTO contact_fts(contact_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER contact_fts_after_update AFTER UPDATE OF search_text ON contact BEGIN "
    "INSERT INTO contact_fts(contact_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO contact_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO contact_fts(contact_fts) VALUES ('rebuild')",
)
_SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS contact_fts_after_update",
    "DROP TRIGGER IF EXISTS contact_fts_after_delete",
    "DROP TRIGGER IF EXISTS contact_fts_after_insert",
    "DROP TABLE IF EXISTS contact_fts",
)
_POSTGRES_UP = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_contact_search_trgm ON contact USING gin (search_text gin_trgm_ops)",
    'CREATE INDEX ix_contact_name_prefix ON contact ((normalized_name COLLATE "C"))',
    'CREATE INDEX ix_contact_kana_prefix ON contact ((kana_key COLLATE "C"))',
    "CREATE INDEX ix_external_organization_name_prefix ON external_organization "
    '((normalized_name COLLATE "C"))',
    'CREATE INDEX ix_contact_email_prefix ON contact ((email COLLATE "C"))',
)
_POSTGRES_DOWN = (
    "DROP INDEX IF EXISTS ix_contact_email_prefix",
    "DROP INDEX IF EXISTS ix_external_organization_name_prefix",
    "DROP INDEX IF EXISTS ix_contact_kana_prefix",
    "DROP INDEX IF EXISTS ix_contact_name_prefix",
    "DROP INDEX IF EXISTS ix_contact_search_trgm",
    # The extension is left installed: it is database-wide and other schemas may use it.
)


def _run(statements: Sequence[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(_SQLITE_UP)
    elif dialect == "postgresql":
        _run(_POSTGRES_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(_SQLITE_DOWN)
    elif dialect == "postgresql":
        _run(_POSTGRES_DOWN)
