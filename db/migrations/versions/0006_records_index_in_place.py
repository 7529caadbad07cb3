"""records index in place: page text stored once, indexed where it is

The page search index kept its own copy of every page's text, with prefix
indexes. It now indexes the text in ``record_pages`` (an FTS5 external
content table) without prefix indexes: the database holds each page once,
and a page is indexed in about half the time. The index is rebuilt from
the stored pages.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Written out, not imported, so that later changes to the models do not rewrite history.
TOKENIZER = "porter unicode61 remove_diacritics 2"
UNINDEX = ("INSERT INTO record_page_search (record_page_search, rowid, text) "
           "VALUES ('delete', old.id, old.text);")
CREATE_IN_PLACE = [
    "CREATE VIRTUAL TABLE record_page_search USING fts5(text, "
    f"tokenize='{TOKENIZER}', content='record_pages', content_rowid='id')",
    "CREATE VIRTUAL TABLE record_page_search_vocab USING fts5vocab(record_page_search, 'row')",
    f"CREATE TRIGGER record_page_search_delete AFTER DELETE ON record_pages BEGIN {UNINDEX} END",
    "CREATE TRIGGER record_page_search_update AFTER UPDATE OF text ON record_pages BEGIN "
    f"{UNINDEX} INSERT INTO record_page_search (rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO record_page_search (record_page_search) VALUES ('rebuild')",
]
CREATE_COPY = [
    "CREATE VIRTUAL TABLE record_page_search USING fts5(text, "
    f"tokenize='{TOKENIZER}', prefix='2 3')",
    "CREATE VIRTUAL TABLE record_page_search_vocab USING fts5vocab(record_page_search, 'row')",
    "CREATE TRIGGER record_pages_unindex AFTER DELETE ON record_pages "
    "BEGIN DELETE FROM record_page_search WHERE rowid = old.id; END",
    "INSERT INTO record_page_search (rowid, text) SELECT id, text FROM record_pages",
]
DROP = [
    "DROP TRIGGER IF EXISTS record_pages_unindex",
    "DROP TRIGGER IF EXISTS record_page_search_update",
    "DROP TRIGGER IF EXISTS record_page_search_delete",
    "DROP TABLE IF EXISTS record_page_search_vocab",
    "DROP TABLE IF EXISTS record_page_search",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in DROP + CREATE_IN_PLACE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in DROP + CREATE_COPY:
            op.execute(statement)
