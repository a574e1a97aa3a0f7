"""Full-text search over ideas: FTS5 on SQLite, a generated tsvector on PostgreSQL

These objects are the engines' own, outside the SQLAlchemy models: `bot.core.db.include_object` keeps
autogenerate from reading them as drift.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIELDS = ("title", "description", "believe", "outcome", "test", "share")
COLUMNS = ", ".join(FIELDS)
NEW = ", ".join(f"new.{f}" for f in FIELDS)
OLD = ", ".join(f"old.{f}" for f in FIELDS)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # An external-content index: the text stays in `ideas`; triggers keep the index in step,
        # so a new or edited idea is searchable at once. Case folds; ä, ö and å stay letters of
        # their own, as on PostgreSQL.
        op.execute(
            f"CREATE VIRTUAL TABLE ideas_fts USING fts5({COLUMNS}, content='ideas', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 0')"
        )
        op.execute(
            f"CREATE TRIGGER ideas_fts_insert AFTER INSERT ON ideas BEGIN "
            f"INSERT INTO ideas_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END"
        )
        op.execute(
            f"CREATE TRIGGER ideas_fts_delete AFTER DELETE ON ideas BEGIN "
            f"INSERT INTO ideas_fts(ideas_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD}); END"
        )
        op.execute(
            f"CREATE TRIGGER ideas_fts_update AFTER UPDATE OF {COLUMNS} ON ideas BEGIN "
            f"INSERT INTO ideas_fts(ideas_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD}); "
            f"INSERT INTO ideas_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END"
        )
        op.execute("INSERT INTO ideas_fts(ideas_fts) VALUES ('rebuild')")
    else:
        # 'simple': no stemming, so Finnish and English words are matched alike; titles weigh most.
        hypothesis = " || ' ' || ".join(f"coalesce({f}, '')" for f in FIELDS[2:])
        op.execute(
            "ALTER TABLE ideas ADD COLUMN search tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('simple', coalesce(description, '')), 'B') || "
            f"setweight(to_tsvector('simple', {hypothesis}), 'C')) STORED"
        )
        op.execute("CREATE INDEX ix_ideas_search ON ideas USING gin (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("ideas_fts_insert", "ideas_fts_delete", "ideas_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS ideas_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_ideas_search")
        op.execute("ALTER TABLE ideas DROP COLUMN IF EXISTS search")
