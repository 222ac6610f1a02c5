"""The coalescing write-behind: rows are merged in memory by key and flushed as bulk statements, one
transaction per table, every `interval` seconds or as soon as `batch_rows` rows are pending.

Bounded: `put` never blocks, but producers `await room()` before adding more once `max_pending` rows
wait, so memory stays bounded under overload. Deadlocks and lock timeouts are retried a bounded number of
times; rows that still cannot be written are logged and counted, never retried forever. `stop()` flushes
everything still pending before it returns."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import MetaData, Table, and_, bindparam, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.db.upsert import excluded, execute_upsert, upsert_statement
from magneton.ingest.writer.kinds import Row, WriteKind

log = logging.getLogger(__name__)

RETRYABLE_MYSQL = {1205, 1213}  # lock wait timeout, deadlock


class _Incoming:
    """`incoming[col]` inside an update rule: the value being written."""

    def __init__(self, mode: str, table: Table) -> None:
        self.mode, self.table = mode, table

    def __getitem__(self, column: str):
        if self.mode == "upsert":
            return excluded(column)
        return bindparam(f"new_{column}", type_=self.table.c[column].type)


def _retryable(exc: BaseException) -> bool:
    if not isinstance(exc, OperationalError):
        return False
    code = getattr(exc.orig, "args", [None])[0]
    return code in RETRYABLE_MYSQL or "database is locked" in str(exc.orig)


class Writer:
    def __init__(self, engine: AsyncEngine, metadata: MetaData, *, interval: float = 0.1,
                 batch_rows: int = 2000, max_pending: int = 50_000, attempts: int = 4,
                 concurrency: int = 2) -> None:
        self.engine, self.metadata = engine, metadata
        self.interval, self.batch_rows, self.max_pending, self.attempts = interval, batch_rows, max_pending, attempts
        self._pending: dict[WriteKind, dict[tuple, Row]] = defaultdict(dict)
        self._statements: dict[tuple, Any] = {}  # (table, kind, columns, dialect) → upsert statement
        self._count = 0
        self._wake = asyncio.Event()
        self._room = asyncio.Event()
        self._room.set()
        self._task: asyncio.Task | None = None
        self._stopping = False
        self._flushing = asyncio.Lock()
        self._slots = asyncio.Semaphore(max(1, concurrency))
        self.written: Counter[str] = Counter()
        self.lost: Counter[str] = Counter()
        self.retries = 0
        self._waiters: list[asyncio.Future[bool]] = []  # resolved when the rows pending now are committed

    # --- producers -------------------------------------------------------------------------------------
    def put(self, kind: WriteKind, row: Row) -> None:
        key = tuple(row[c] for c in kind.key)
        rows = self._pending[kind]
        old = rows.get(key)
        if old is None:
            self._count += 1
            rows[key] = row
        else:
            rows[key] = kind.combine(old, row)
        if self._count >= self.batch_rows:
            self._wake.set()
        if self._count >= self.max_pending:
            self._room.clear()

    def committed(self) -> asyncio.Future[bool]:
        """A future resolved once every row put so far is written: True, or False if any of them were lost."""
        future = asyncio.get_running_loop().create_future()
        if self._count or self._flushing.locked():
            self._waiters.append(future)
            self._wake.set()
        else:
            future.set_result(True)
        return future

    async def room(self) -> None:
        """Wait until the writer can take more rows (backpressure for the processors)."""
        await self._room.wait()

    @property
    def pending(self) -> int:
        return self._count

    # --- lifecycle -------------------------------------------------------------------------------------
    async def start(self) -> None:
        self._stopping = False  # a stopped writer can start again
        self._task = asyncio.create_task(self._loop(), name="ingest-writer")

    async def stop(self) -> None:
        """Write everything pending, then stop. The loop is never cancelled: a flush it is in the middle
        of holds rows that are no longer pending, and cancelling it would lose them."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None
        while self._count:
            await self.flush()

    async def _loop(self) -> None:
        while not self._stopping:
            try:
                await asyncio.wait_for(self._wake.wait(), self.interval)
            except TimeoutError:
                pass
            self._wake.clear()
            try:
                await self.flush()
            except Exception:  # a flush must never kill the loop; flush() logs what it lost
                log.exception("flush failed")

    # --- flushing --------------------------------------------------------------------------------------
    async def flush(self) -> None:
        async with self._flushing:
            waiters, self._waiters = self._waiters, []
            lost_before = sum(self.lost.values())
            try:
                await self._flush_pending()
            finally:
                ok = sum(self.lost.values()) == lost_before
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_result(ok)

    async def _flush_pending(self) -> None:
        if not self._count:
            return
        pending, self._pending, self._count = self._pending, defaultdict(dict), 0
        self._room.set()
        started = time.perf_counter()
        by_stage: dict[int, dict[str, list[tuple[WriteKind, list[Row]]]]] = defaultdict(lambda: defaultdict(list))
        for kind, rows in pending.items():
            # Sorted by key: every writer locks rows in the same order, which keeps deadlocks rare.
            by_stage[kind.stage][kind.table].append((kind, [rows[k] for k in sorted(rows, key=_sort_key)]))
        for stage in sorted(by_stage):
            await asyncio.gather(*(self._write_table(table, kinds) for table, kinds in by_stage[stage].items()))
        total = sum(len(rows) for rows in pending.values())
        log.debug("flushed %d rows in %.1f ms", total, (time.perf_counter() - started) * 1000)

    async def _write_table(self, table_name: str, kinds: list[tuple[WriteKind, list[Row]]]) -> None:
        table = self.metadata.tables[table_name]
        rows = sum(len(r) for _, r in kinds)
        async with self._slots:
            for attempt in range(1, self.attempts + 1):
                try:
                    async with self.engine.begin() as conn:
                        for kind, batch in kinds:
                            await self._execute(conn, table, kind, batch)
                    self.written[table_name] += rows
                    return
                except Exception as exc:
                    if _retryable(exc) and attempt < self.attempts:
                        self.retries += 1
                        await asyncio.sleep(0.05 * 2 ** attempt)
                        continue
                    self.lost[table_name] += rows
                    log.error("lost %d %s rows after %d attempt(s): %s", rows, table_name, attempt,
                              _short(exc))
                    return

    async def _execute(self, conn, table: Table, kind: WriteKind, rows: list[Row]) -> None:
        incoming = _Incoming(kind.mode, table)
        rules = kind.update
        if kind.mode == "update":
            assert rules, "an update-only kind needs update rules"
            where = and_(*(table.c[c] == bindparam(f"key_{c}", type_=table.c[c].type) for c in kind.key))
            stmt = update(table).where(where).values({c: rule(table, incoming) for c, rule in rules.items()})
            params = [{**{f"key_{c}": row[c] for c in kind.key},
                       **{f"new_{c}": v for c, v in row.items()}} for row in rows]
            await conn.execute(stmt, params)
            return
        shape = (table.name, kind, tuple(rows[0]), conn.dialect.name)
        stmt = self._statements.get(shape)
        if stmt is None:  # built once per table, kind and row shape: the rules make sizeable expressions
            updates = None
            if rules is not None:
                ordered = sorted(rules, key=lambda c: kind.assign_last.index(c) if c in kind.assign_last else -1)
                updates = {c: rules[c](table, incoming) for c in ordered}
            stmt = self._statements[shape] = upsert_statement(conn.dialect.name, table, shape[2], updates)
        await execute_upsert(conn, stmt, rows)


def _sort_key(key: tuple) -> tuple:
    return tuple((v is None, str(type(v)), v if v is not None else 0) for v in key)


def _short(exc: BaseException) -> str:
    text = str(exc.orig if isinstance(exc, DBAPIError) else exc)
    return text.splitlines()[0][:300]
