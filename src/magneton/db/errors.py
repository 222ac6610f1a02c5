"""Errors the database layer raises; each carries one line meant for the user."""

from __future__ import annotations

from alembic.util import CommandError


class DatabaseError(RuntimeError):
    """The database cannot be used: unreachable, bad credentials, wrong schema."""


class SchemaNotCurrent(DatabaseError):
    """The schema is not at magneton's head revision (run `magneton db upgrade`)."""


class MigrationRefused(DatabaseError, CommandError):
    """The database holds a schema magneton must not migrate (an older MAD revision, or no stamp).

    A CommandError too, so the `alembic` command line prints it as one line.
    """


class MigrationLockTimeout(DatabaseError, CommandError):
    """Another process kept the migration lock for too long."""
