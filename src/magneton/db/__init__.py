"""The database layer: MAD's schema (models + Alembic migrations), engines, the upsert helper."""

from magneton.db.database import Database
from magneton.db.engine import create_engine, database_url
from magneton.db.errors import DatabaseError, MigrationLockTimeout, MigrationRefused, SchemaNotCurrent
from magneton.db.upsert import excluded, greatest, least, upsert

__all__ = [
    "Database", "DatabaseError", "MigrationLockTimeout", "MigrationRefused", "SchemaNotCurrent", "create_engine",
    "database_url", "excluded", "greatest", "least", "upsert",
]
