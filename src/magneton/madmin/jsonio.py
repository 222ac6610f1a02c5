"""JSON in and out of MADmin's handlers (orjson; datetimes as epoch seconds, as MAD's encoder emits them)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import orjson
from aiohttp import web

from magneton.madmin.api.resource import ApiError


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return int(value.timestamp())
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (bytes, bytearray)):
        return None  # binary columns (key_blob) are never part of an answer
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def dumps(value: Any) -> bytes:
    return orjson.dumps(value, default=_default, option=orjson.OPT_NON_STR_KEYS)


def respond(body: Any = None, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    if status == 204 or (body is None and status == 202):
        return web.Response(status=status, headers=headers)
    return web.Response(status=status, body=dumps(body), content_type="application/json", headers=headers)


async def read_object(request: web.Request) -> dict[str, Any]:
    """The JSON object of the request body ({} when empty); 400 with the reason otherwise."""
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as why:
        raise ApiError(400, {"error": f"body is not valid JSON: {why}"}) from None
    if not isinstance(body, dict):
        raise ApiError(400, {"error": f"body must be a JSON object, got {type(body).__name__}"})
    return body
