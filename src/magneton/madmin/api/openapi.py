"""An OpenAPI 3.1 description of MADmin's REST API, built from the resource definitions."""

from __future__ import annotations

from typing import Any

from magneton.madmin.api.area import FIELDS as AREA_FIELDS
from magneton.madmin.api.fields import Field
from magneton.madmin.api.resource import Resource

_TYPES = {"str": {"type": "string"}, "int": {"type": "integer"}, "float": {"type": "number"},
          "bool": {"type": "boolean"}, "epoch": {"type": "integer", "description": "epoch seconds"},
          "uri": {"type": "string", "pattern": "^/api/[a-z]+/[0-9]+$"},
          "uri_list": {"type": "array", "items": {"type": "string"}},
          "int_list": {"type": "array", "items": {"type": "integer"}},
          "coords": {"type": "array", "items": {"type": "string", "pattern": "^-?[0-9.]+,-?[0-9.]+$"}},
          "fence": {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]},
          "auth_level": {"type": "string", "description": "comma-separated AuthLevel names"}}

ERRORS = {
    "400": {"description": "Body is not a JSON object, or (area) no or an invalid mode", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "401": {"description": "Authentication required (HTTP Basic or a session)"},
    "403": {"description": "The user lacks MADMIN_ADMIN, or a cross-site browser request (by Sec-Fetch-Site or "
                           "Origin) was refused"},
    "404": {"description": "No such object", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "422": {"description": "Validation failed", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Invalid"}}}},
}


def _schema(fields: tuple[Field, ...]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    settings: dict[str, Any] = {}
    for f in fields:
        schema = dict(_TYPES.get(f.kind, {"type": "string"}))
        if f.values:
            schema = {"type": "string", "enum": list(f.values)}
        if f.descr:
            schema["description"] = f.descr + (f" (column {f.storage})" if f.storage and f.storage != f.name else "")
        if f.readonly:
            schema["readOnly"] = True
        if f.writeonly:
            schema["writeOnly"] = True
        (settings if f.settings else props)[f.name] = schema
    if settings:
        props["settings"] = {"type": "object", "properties": settings}
    required = [f.name for f in fields if f.required and not f.settings and not f.readonly]
    return {"type": "object", "properties": props, "required": required}


def openapi_document(base: str) -> dict[str, Any]:
    from magneton.madmin.api import RESOURCES  # the registry imports this module's users

    schemas: dict[str, Any] = {
        "Error": {"type": "object", "properties": {"error": {"type": "string"}}},
        "Invalid": {"type": "object", "properties": {
            "missing": {"type": "array", "items": {"type": "string"}},
            "invalid": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
            "invalid_uri": {"type": "array", "items": {"type": "array"}},
            "unknown": {"type": "array", "items": {"type": "string"}}}},
        "Dependants": {"type": "array", "items": {"type": "object", "properties": {
            "uri": {"type": "string"}, "name": {"type": "string"}}}},
    }
    paths: dict[str, Any] = {}
    for res in RESOURCES.values():
        name = res.name
        if name == "area":
            for mode, fields in AREA_FIELDS.items():
                schemas[f"area_{mode}"] = _schema(fields)
            ref = {"oneOf": [{"$ref": f"#/components/schemas/area_{m}"} for m in AREA_FIELDS]}
        else:
            schemas[name] = _schema(res.fields)
            ref = {"$ref": f"#/components/schemas/{name}"}
        paths.update(_paths(res, ref))
    for path in ("/get_workers", "/get_geofences", "/get_areas", "/get_route", "/get_prioroute", "/get_spawns",
                 "/get_gymcoords", "/get_quests", "/get_map_mons", "/get_cells", "/get_stops"):
        paths[path] = {"get": {"tags": ["map"], "summary": f"Map feed {path[5:]}", "responses": {
            "200": {"description": "JSON list"}}}}
    paths["/reload"] = {"post": {"tags": ["control"], "summary": "Apply settings (reload the MappingManager)",
                                 "responses": {"200": {"description": "added/removed/changed devices"}}}}
    paths["/send_gps"] = {"get": {"tags": ["control"], "summary": "Move a device (ReactMap scan next)",
                                  "parameters": [_query("origin"), _query("coords"), _query("sleeptime", False)],
                                  "responses": {"200": {"description": "sent"}, "404": {"description": "unknown"},
                                                "403": ERRORS["403"], "409": {"description": "device not connected"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "MADmin API (Magneton)", "version": "1",
                 "description": "MAD's REST API. Reads give MAD's legacy shape; writes take legacy or flat names."},
        "servers": [{"url": base or "/"}],
        "components": {"schemas": schemas, "securitySchemes": {"basic": {"type": "http", "scheme": "basic"}}},
        "security": [{"basic": []}],
        "paths": paths,
    }


def _query(name: str, required: bool = True) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": {"type": "string"}}


def _paths(res: Resource, ref: dict[str, Any]) -> dict[str, Any]:
    name = res.name
    body = {"required": True, "content": {"application/json": {"schema": ref}}}
    mode = ([{"name": "X-Mode", "in": "header", "schema": {"type": "string"}}, _query("mode", False)]
            if name == "area" else [])
    ident = {"name": "ident", "in": "path", "required": True, "schema": {"type": "integer"}}
    tag = [name]
    return {
        f"/api/{name}": {
            "get": {"tags": tag, "summary": f"List {name} objects, keyed by URI", "parameters": [
                *mode, _query("fetch_all", False), _query("hide_resource", False)],
                "responses": {"200": {"description": "{resource, results}"}}},
            "post": {"tags": tag, "summary": f"Create a {name}", "parameters": mode, "requestBody": body,
                     "responses": {"201": {"description": "Created; X-Uri holds /api/" + name + "/<id>",
                                           "content": {"application/json": {"schema": ref}}}, **ERRORS}},
        },
        f"/api/{name}/{{ident}}": {
            "parameters": [ident],
            "get": {"tags": tag, "summary": f"One {name}", "responses": {
                "200": {"description": "The object", "content": {"application/json": {"schema": ref}}},
                "404": ERRORS["404"]}},
            "put": {"tags": tag, "summary": f"Replace a {name}", "requestBody": body,
                    "responses": {"204": {"description": "Replaced"}, **ERRORS}},
            "patch": {"tags": tag, "summary": f"Update fields of a {name} (X-Append: 1 appends to lists)",
                      "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                      "responses": {"204": {"description": "Updated"}, **ERRORS}},
            "delete": {"tags": tag, "summary": f"Delete a {name}", "responses": {
                "202": {"description": "Deleted"}, "404": ERRORS["404"],
                "412": {"description": "Still used by these objects", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Dependants"}}}}}},
            "post": {"tags": tag, "summary": "JSON-RPC call (Content-Type application/json-rpc)",
                     "requestBody": {"content": {"application/json-rpc": {"schema": {"type": "object", "properties": {
                         "call": {"type": "string"}, "args": {"type": "object"}}}}}},
                     "responses": {"200": {"description": "Done"}, "204": {"description": "Done"},
                                   "501": {"description": "Unknown call"}, "503": {"description": "Unavailable"}}},
        },
    }
