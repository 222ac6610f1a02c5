"""The shared Redis (`cache_*` options), used when several processes must share state: dedup of incoming
data across receivers (`-ec/--enable_cache`) and the `redis` MitmMapper."""

from __future__ import annotations

import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError

from magneton.config import Config
from magneton.lifecycle import StartupError

log = logging.getLogger(__name__)


class RedisCache:
    name = "redis"

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        if cfg.cache_socket:
            self.where = cfg.cache_socket
            self.client = Redis(unix_socket_path=cfg.cache_socket, username=cfg.cache_username,
                                password=cfg.cache_password, db=cfg.cache_database)
        else:
            self.where = f"{cfg.cache_host}:{cfg.cache_port}"
            self.client = Redis(host=cfg.cache_host, port=cfg.cache_port, username=cfg.cache_username,
                                password=cfg.cache_password, db=cfg.cache_database)

    async def start(self) -> None:
        try:
            await self.client.ping()
        except (RedisError, OSError) as exc:
            raise StartupError(f"cannot reach Redis at {self.where} (cache_host/cache_port/cache_socket): "
                               f"{exc}") from None
        log.info("using Redis at %s, database %d", self.where, self.cfg.cache_database)

    async def stop(self) -> None:
        await self.client.aclose()
