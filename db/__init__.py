"""The case database: SQLAlchemy models, opening and upgrading, and migrations."""
