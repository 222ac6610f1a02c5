"""Field definitions of the REST resources and the conversion of request values into column values.

A `Field` has MAD's legacy name (what the legacy API and its tests send and read, possibly under the
`settings` sub-object) and the column it is stored in (the flat name the async UI sends). Both names are
accepted on writes; reads give the legacy shape. Conversion errors are collected in `Problems`, which
renders MAD's 422 body: `missing`, `invalid` ([field, expected]), `invalid_uri` ([field, resource,
value]) and `unknown`, each only when non-empty."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from magneton.auth import AuthLevel

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()

# Expected-value texts as MAD's API words them (clients match on them).
INT_TEXT = "Integer (1,2,3)"
FLOAT_TEXT = "Decimal (1.0, 1.5)"
BOOL_TEXT = "True|False"
STR_TEXT = "string (MapADroid)"
LIST_TEXT = "Comma-delimited list"
COORD_TEXT = "Must be one coord set per line (float,float)"

_URI = re.compile(r"^/?api/([a-z_]+)/(\d+)/?$")


@dataclass(frozen=True)
class Field:
    """kind: str | int | float | bool | enum | uri | uri_list | int_list | coords | fence | auth_level | epoch.

    column None: a virtual field the resource stores itself (walker setup, monlist mons, …).
    empty: what reads show (and what PUT stores) when the value is unset; MISSING: leave it out.
    readonly: shown on reads, ignored on writes (so a GET body can be PUT back unchanged)."""

    name: str
    kind: str = "str"
    column: str | None = MISSING
    required: bool = False
    settings: bool = False
    empty: Any = MISSING
    values: tuple[str, ...] = ()
    uri: str | None = None
    descr: str = ""
    readonly: bool = False
    writeonly: bool = False

    @property
    def storage(self) -> str | None:
        return self.name if self.column is MISSING else self.column

    @property
    def expected(self) -> str:
        if self.kind == "enum":
            return "|".join(self.values)
        return {"int": INT_TEXT, "float": FLOAT_TEXT, "bool": BOOL_TEXT, "uri": INT_TEXT, "epoch": INT_TEXT,
                "uri_list": LIST_TEXT, "int_list": LIST_TEXT, "coords": LIST_TEXT, "fence": LIST_TEXT,
                "auth_level": ",".join(level.name for level in AuthLevel)}.get(self.kind, STR_TEXT)

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "descr": self.descr, "required": self.required,
                               "expected": self.expected, "type": self.kind}
        if self.storage and self.storage != self.name:
            out["column"] = self.storage
        if self.values:
            out["values"] = list(self.values)
        if self.uri:
            out["uri_source"] = self.uri
        if self.empty is not MISSING:
            out["empty"] = self.empty
        if self.readonly:
            out["readonly"] = True
        return out


@dataclass
class Problems:
    missing: list[str] = field(default_factory=list)
    invalid: list[list[str]] = field(default_factory=list)
    invalid_uri: list[list[Any]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.missing or self.invalid or self.invalid_uri or self.unknown)

    def body(self) -> dict[str, list[Any]]:
        return {k: v for k, v in (("missing", self.missing), ("invalid", self.invalid),
                                  ("invalid_uri", self.invalid_uri), ("unknown", self.unknown)) if v}

    def bad(self, name: str, expected: str) -> None:
        if [name, expected] not in self.invalid:
            self.invalid.append([name, expected])


def uri_of(resource: str, ident: int) -> str:
    return f"/api/{resource}/{ident}"


def parse_uri(value: Any, resource: str) -> int | None:
    """The id in `/api/<resource>/<id>` (or a bare id); None when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return int(text)
        match = _URI.match(text)
        if match and match.group(1) == resource:
            return int(match.group(2))
    return None


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in ("", "none", "undefined", "null"))


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def _float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        return {"true": True, "1": True, "false": False, "0": False}.get(value.strip().lower())
    return None


def _coord_line(item: Any) -> str | None:
    """'lat,lng' from "lat,lng" or [lat, lng]; None when it is neither."""
    if isinstance(item, (list, tuple)) and len(item) == 2:
        lat, lng = _float(item[0]), _float(item[1])
    elif isinstance(item, str) and item.count(",") == 1:
        lat, lng = (_float(p) for p in item.split(","))
    else:
        return None
    if lat is None or lng is None or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return f"{lat},{lng}" if not isinstance(item, str) else item.replace(" ", "")


def _as_list(f: Field, value: Any, problems: Problems) -> list[Any]:
    """Lists must be JSON arrays; a string is reported (and its parts still checked, as MAD does)."""
    if isinstance(value, list):
        return value
    problems.bad(f.name, LIST_TEXT)
    if isinstance(value, str):
        return [p.strip() for p in value.split(",") if p.strip()]
    return []


def auth_level_value(value: Any) -> int | None:
    """auth_level as an int, a list of AuthLevel names or MAD's comma-separated names."""
    number = _int(value)
    if number is not None:
        return number if 0 <= number <= int(AuthLevel(7)) else None
    names = value if isinstance(value, list) else str(value).split(",") if isinstance(value, str) else None
    if names is None:
        return None
    total = 0
    for name in names:
        try:
            total |= AuthLevel[str(name).strip().upper()]
        except KeyError:
            return None
    return total


def auth_level_names(level: int) -> str:
    return ",".join(member.name for member in AuthLevel if level & member)


def convert(f: Field, value: Any, problems: Problems) -> Any:
    """The storable value of a request value (None: unset). Errors go to `problems`; MISSING on error."""
    kind = f.kind
    if kind in ("uri_list", "int_list", "coords", "fence"):
        if value is None:
            return None
        if kind == "fence" and _is_geojson(value):
            return value  # the geofence resource checks GeoJSON against fence_type
        items = _as_list(f, value, problems)
        return _convert_list(f, items, value, problems)
    if is_blank(value):
        return "" if kind == "str" and value == "" else None
    if kind == "str":
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problems.bad(f.name, STR_TEXT)
            return MISSING
        return str(value)
    if kind in ("int", "epoch"):
        out = _int(value)
    elif kind == "float":
        out = _float(value)
    elif kind == "bool":
        out = _bool(value)
    elif kind == "enum":
        out = value if isinstance(value, str) and value in f.values else None
    elif kind == "auth_level":
        out = auth_level_value(value)
    elif kind == "uri":
        out = parse_uri(value, f.uri or "")
        if out is None:
            if not isinstance(value, (int, str)) or (isinstance(value, str) and not _URI.match(value.strip())):
                problems.bad(f.name, INT_TEXT)
            problems.invalid_uri.append([f.name, f.uri, value])
            return MISSING
        return out
    else:
        raise ValueError(f"unknown field kind {kind}")
    if out is None:
        problems.bad(f.name, f.expected)
        return MISSING
    return out


def _is_geojson(value: Any) -> bool:
    if isinstance(value, dict):
        return True
    if isinstance(value, str) and value.lstrip().startswith("{"):
        return True
    return False


def _convert_list(f: Field, items: list[Any], original: Any, problems: Problems) -> Any:
    out: list[Any] = []
    failed = False
    for item in items:
        if f.kind == "uri_list":
            ident = parse_uri(item, f.uri or "")
            if ident is None:
                problems.invalid_uri.append([f.name, f.uri, item])
                failed = True
            else:
                out.append(ident)
        elif f.kind == "int_list":
            number = _int(item)
            if number is None:
                problems.bad(f.name, INT_TEXT)
                failed = True
            else:
                out.append(number)
        else:
            if f.kind == "fence" and isinstance(item, str) and item.strip().startswith("["):
                name = item.strip()
                if not (name.endswith("]") and len(name) > 2):
                    problems.bad(f.name, COORD_TEXT)
                    failed = True
                out.append(name)
                continue
            line = _coord_line(item)
            if line is None:
                problems.bad(f.name, COORD_TEXT)
                failed = True
            else:
                out.append(line)
    if failed or not isinstance(original, list):
        return MISSING
    return out


def epoch(value: datetime | None) -> int | None:
    return int(value.timestamp()) if value is not None else None


def decode_lines(text: str | None) -> list[str]:
    """fence_data / routefile text (a JSON array of strings, or MAD's quote-split form) as a list."""
    if not text or not text.strip():
        return []
    try:
        items = json.loads(text)
        if isinstance(items, list):
            return [str(i) for i in items]
    except json.JSONDecodeError:
        pass
    return [p.strip().strip('"[] ') for p in text.strip().strip("[]").split('",') if p.strip()]
