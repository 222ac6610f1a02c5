"""The Database component the process roles start: schema check or migration, engine, sessions, instance row."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import URL, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from magneton.config import Config
from magneton.db import migrate as migrations
from magneton.db.engine import create_engine, database_url, describe
from magneton.db.errors import DatabaseError
from magneton.db.models import MadminInstance
from magneton.db.upsert import upsert

log = logging.getLogger(__name__)


def _reason(error: BaseException) -> str:
    orig = getattr(error, "orig", None) or error
    args = getattr(orig, "args", ())
    if len(args) >= 2 and isinstance(args[1], str):
        return args[1]  # (code, message) from the MySQL drivers
    return str(orig).splitlines()[0] if str(orig) else type(orig).__name__


def connection_error(url: URL, error: BaseException) -> DatabaseError:
    return DatabaseError(f"cannot use the database ({describe(url)}): {_reason(error)}")


class Database:
    """Owns the engine of one process. `start(migrate=True)` upgrades the schema first (under the
    migration lock); `start(migrate=False)` only checks that it is current."""

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.url: URL = database_url(cfg)
        self._engine: AsyncEngine | None = None
        self._sessionmaker: async_sessionmaker[AsyncSession] | None = None
        self.instance_id: int | None = None

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            raise RuntimeError("Database.start() has not run")
        return self._engine

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        if self._sessionmaker is None:
            raise RuntimeError("Database.start() has not run")
        return self._sessionmaker

    async def start(self, migrate: bool) -> None:
        engine = create_engine(self.cfg, self.url)
        try:
            await self._probe(engine)
            try:
                if migrate:
                    await asyncio.to_thread(migrations.upgrade, self.cfg)
                else:
                    await asyncio.to_thread(migrations.ensure_at_head, self.cfg)
            except (sa_exc.OperationalError, sa_exc.InterfaceError) as error:
                raise connection_error(self.url, error) from error
            self._engine = engine
            self._sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
            self.instance_id = await self.ensure_instance(self.cfg.status_name)
        except BaseException:
            await engine.dispose()
            self._engine = self._sessionmaker = None
            raise
        log.info("database ready: %s, instance %r has id %d", describe(self.url), self.cfg.status_name,
                 self.instance_id)

    async def stop(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
        self._engine = self._sessionmaker = None

    async def _probe(self, engine: AsyncEngine) -> None:
        try:
            async with engine.connect() as conn:
                await conn.exec_driver_sql("SELECT 1")
        except (sa_exc.OperationalError, sa_exc.InterfaceError, OSError) as error:
            raise connection_error(self.url, error) from error

    async def ensure_instance(self, name: str) -> int:
        """The madmin_instance id for `name`, creating the row if missing (safe when processes race)."""
        async with self.engine.begin() as conn:
            await upsert(conn, MadminInstance, [{"name": name}], [])
            instance_id = await conn.scalar(select(MadminInstance.instance_id).where(MadminInstance.name == name))
        if instance_id is None:
            raise DatabaseError(f"could not create the madmin_instance row for {name!r}")
        return int(instance_id)
