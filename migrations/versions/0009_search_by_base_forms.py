"""Search by base forms: each idea and learning keeps its words with their Finnish, Swedish and
English base forms (`title_terms`, `body_terms`, filled by `bot.ideas.search`), and the engines' indexes
are rebuilt over those terms instead of the raw text, so `vanhus` finds *vanhuksille* on both.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500
IDEA_FIELDS = ("title", "description", "believe", "outcome", "test", "share")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _fts5(table: str, columns: tuple[str, ...], watched: tuple[str, ...]) -> None:
    """An external-content FTS5 index over `columns` of `table`, kept in step by triggers."""
    fts, cols = f"{table}_fts", ", ".join(columns)
    new, old = ", ".join(f"new.{c}" for c in columns), ", ".join(f"old.{c}" for c in columns)
    # The terms are already lowercased and folded; prefix indexes make `terv*` quick.
    op.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {', '.join(watched)} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _drop_fts5(table: str) -> None:
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{trigger}")
    op.execute(f"DROP TABLE IF EXISTS {table}_fts")


def _fill(table: str, sources: tuple[str, ...], targets: dict[str, tuple[str, ...]]) -> None:
    """Compute the terms of rows already there, a batch at a time."""
    from bot.ideas.search import terms

    bind = op.get_bind()
    columns = (sa.column("id"), *(sa.column(c) for c in sources), *(sa.column(t) for t in targets))
    rows = sa.table(table, *columns)
    last = 0
    while True:
        batch = bind.execute(
            sa.select(rows.c.id, *(rows.c[c] for c in sources))
            .where(rows.c.id > last)
            .order_by(rows.c.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        for row in batch:
            values = dict(zip(sources, row[1:], strict=True))
            bind.execute(
                rows.update()
                .where(rows.c.id == row.id)
                .values({t: terms(*(values[s] or "" for s in fields)) for t, fields in targets.items()})
            )
        last = batch[-1].id


def upgrade() -> None:
    with op.batch_alter_table("ideas") as batch:
        batch.add_column(sa.Column("title_terms", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("body_terms", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("learnings") as batch:
        batch.add_column(sa.Column("body_terms", sa.Text(), server_default="", nullable=False))
    _fill("ideas", IDEA_FIELDS, {"title_terms": ("title",), "body_terms": IDEA_FIELDS[1:]})
    _fill("learnings", ("text",), {"body_terms": ("text",)})
    if _sqlite():
        for table in ("ideas", "learnings"):
            _drop_fts5(table)
        _fts5("ideas", ("title_terms", "body_terms"), ("title_terms", "body_terms"))
        _fts5("learnings", ("body_terms",), ("body_terms",))
    else:
        # 'simple': the terms are already base forms; the title weighs most.
        op.execute("DROP INDEX IF EXISTS ix_ideas_search")
        op.execute("ALTER TABLE ideas DROP COLUMN IF EXISTS search")
        op.execute(
            "ALTER TABLE ideas ADD COLUMN search tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('simple', title_terms), 'A') || "
            "setweight(to_tsvector('simple', body_terms), 'B')) STORED"
        )
        op.execute("CREATE INDEX ix_ideas_search ON ideas USING gin (search)")
        op.execute("DROP INDEX IF EXISTS ix_learnings_search")
        op.execute("ALTER TABLE learnings DROP COLUMN IF EXISTS search")
        op.execute(
            "ALTER TABLE learnings ADD COLUMN search tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', body_terms)) STORED"
        )
        op.execute("CREATE INDEX ix_learnings_search ON learnings USING gin (search)")


def downgrade() -> None:
    # Back to the raw words (migrations 0003 and 0007): drop the term indexes, then the columns.
    if _sqlite():
        for table in ("ideas", "learnings"):
            _drop_fts5(table)
    else:
        for table in ("ideas", "learnings"):
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
            op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search")
    with op.batch_alter_table("learnings") as batch:
        batch.drop_column("body_terms")
    with op.batch_alter_table("ideas") as batch:
        batch.drop_column("body_terms")
        batch.drop_column("title_terms")
    if _sqlite():
        cols = ", ".join(IDEA_FIELDS)
        op.execute(
            f"CREATE VIRTUAL TABLE ideas_fts USING fts5({cols}, content='ideas', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 0')"
        )
        new, old = ", ".join(f"new.{f}" for f in IDEA_FIELDS), ", ".join(f"old.{f}" for f in IDEA_FIELDS)
        op.execute(
            f"CREATE TRIGGER ideas_fts_insert AFTER INSERT ON ideas BEGIN "
            f"INSERT INTO ideas_fts(rowid, {cols}) VALUES (new.id, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER ideas_fts_delete AFTER DELETE ON ideas BEGIN "
            f"INSERT INTO ideas_fts(ideas_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
        )
        op.execute(
            f"CREATE TRIGGER ideas_fts_update AFTER UPDATE OF {cols} ON ideas BEGIN "
            f"INSERT INTO ideas_fts(ideas_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO ideas_fts(rowid, {cols}) VALUES (new.id, {new}); END"
        )
        op.execute("INSERT INTO ideas_fts(ideas_fts) VALUES ('rebuild')")
        op.execute(
            "CREATE VIRTUAL TABLE learnings_fts USING fts5(text, content='learnings', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 0')"
        )
        op.execute(
            "CREATE TRIGGER learnings_fts_insert AFTER INSERT ON learnings BEGIN "
            "INSERT INTO learnings_fts(rowid, text) VALUES (new.id, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER learnings_fts_delete AFTER DELETE ON learnings BEGIN "
            "INSERT INTO learnings_fts(learnings_fts, rowid, text) VALUES ('delete', old.id, old.text); END"
        )
        op.execute(
            "CREATE TRIGGER learnings_fts_update AFTER UPDATE OF text ON learnings BEGIN "
            "INSERT INTO learnings_fts(learnings_fts, rowid, text) VALUES ('delete', old.id, old.text); "
            "INSERT INTO learnings_fts(rowid, text) VALUES (new.id, new.text); END"
        )
        op.execute("INSERT INTO learnings_fts(learnings_fts) VALUES ('rebuild')")
    else:
        hypothesis = " || ' ' || ".join(f"coalesce({f}, '')" for f in IDEA_FIELDS[2:])
        op.execute(
            "ALTER TABLE ideas ADD COLUMN search tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('simple', coalesce(description, '')), 'B') || "
            f"setweight(to_tsvector('simple', {hypothesis}), 'C')) STORED"
        )
        op.execute("CREATE INDEX ix_ideas_search ON ideas USING gin (search)")
        op.execute(
            "ALTER TABLE learnings ADD COLUMN search tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', coalesce(text, ''))) STORED"
        )
        op.execute("CREATE INDEX ix_learnings_search ON learnings USING gin (search)")
