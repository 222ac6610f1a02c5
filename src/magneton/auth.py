"""Credentials shared by every endpoint devices and operators talk to: settings_auth's level bits and
HTTP Basic auth headers."""

from __future__ import annotations

import base64
import binascii
import enum
import re


class AuthLevel(enum.IntFlag):
    """settings_auth.auth_level bits (MAD's values)."""

    MADMIN_PUBLIC_PAGE = 1
    MITM_DATA = 2  # devices may connect (websocket) and post data (MITM receiver)
    MADMIN_ADMIN = 4


_BASIC = re.compile(r"^Basic (\S+)$", re.IGNORECASE)


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """(user, password) of an `Authorization: Basic …` header; None when absent or malformed."""
    match = _BASIC.match(header or "")
    if match is None:
        return None
    try:
        decoded = base64.b64decode(match.group(1), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None
