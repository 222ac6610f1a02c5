"""The v_trs_status view that PMSF reads device positions from.

MAD's legacy branch created it; async MAD dropped it. Times are unix epoch seconds of the UTC DATETIMEs
(computed without the session time zone), positions are "lat, lng" text with five decimals plus the raw
column values.

Revision ID: c4f1a7e9d2b6
Revises: b533c33be802
"""

from __future__ import annotations

from alembic import op

revision = "c4f1a7e9d2b6"
down_revision = "b533c33be802"
branch_labels = None
depends_on = None

# MAD stores POINT(lng lat): x is the longitude.
_MYSQL = """
CREATE OR REPLACE VIEW v_trs_status AS
SELECT
    s.instance_id,
    s.device_id,
    d.name,
    s.routePos,
    s.routeMax,
    s.area_id,
    CASE WHEN s.idle = 1 OR a.name IS NULL THEN 'Idle' ELSE a.name END AS rmname,
    CASE WHEN s.idle = 1 OR a.mode IS NULL THEN 'Idle' ELSE a.mode END AS mode,
    s.rebootCounter,
    0 AS init,
    s.currentSleepTime,
    s.rebootingOption,
    s.restartCounter,
    s.globalrebootcount,
    s.globalrestartcount,
    TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', s.lastPogoRestart) AS lastPogoRestart,
    TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', s.lastProtoDateTime) AS lastProtoDateTime,
    TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', s.lastPogoReboot) AS lastPogoReboot,
    CONCAT(ROUND(ST_Y(s.currentPos), 5), ', ', ROUND(ST_X(s.currentPos), 5)) AS currentPos,
    CONCAT(ROUND(ST_Y(s.lastPos), 5), ', ', ROUND(ST_X(s.lastPos), 5)) AS lastPos,
    s.currentPos AS currentPos_raw,
    s.lastPos AS lastPos_raw
FROM trs_status s
JOIN settings_device d ON d.device_id = s.device_id
LEFT JOIN settings_area a ON a.area_id = s.area_id
"""


def _sqlite_lat_lng(column: str) -> str:
    # The column holds WKT "POINT(lng lat)".
    space = f"instr({column}, ' ')"
    lng = f"CAST(substr({column}, 7, {space} - 7) AS REAL)"
    lat = f"CAST(substr({column}, {space} + 1, length({column}) - {space} - 1) AS REAL)"
    # Five fixed decimals, as MariaDB's ROUND(x, 5) prints them.
    return f"CASE WHEN {column} IS NULL THEN NULL ELSE printf('%.5f, %.5f', {lat}, {lng}) END"


_SQLITE = f"""
CREATE VIEW v_trs_status AS
SELECT
    s.instance_id,
    s.device_id,
    d.name,
    s.routePos,
    s.routeMax,
    s.area_id,
    CASE WHEN s.idle = 1 OR a.name IS NULL THEN 'Idle' ELSE a.name END AS rmname,
    CASE WHEN s.idle = 1 OR a.mode IS NULL THEN 'Idle' ELSE a.mode END AS mode,
    s.rebootCounter,
    0 AS init,
    s.currentSleepTime,
    s.rebootingOption,
    s.restartCounter,
    s.globalrebootcount,
    s.globalrestartcount,
    CAST(strftime('%s', s.lastPogoRestart) AS INTEGER) AS lastPogoRestart,
    CAST(strftime('%s', s.lastProtoDateTime) AS INTEGER) AS lastProtoDateTime,
    CAST(strftime('%s', s.lastPogoReboot) AS INTEGER) AS lastPogoReboot,
    {_sqlite_lat_lng("s.currentPos")} AS currentPos,
    {_sqlite_lat_lng("s.lastPos")} AS lastPos,
    s.currentPos AS currentPos_raw,
    s.lastPos AS lastPos_raw
FROM trs_status s
JOIN settings_device d ON d.device_id = s.device_id
LEFT JOIN settings_area a ON a.area_id = s.area_id
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP VIEW IF EXISTS v_trs_status")
        op.execute(_SQLITE)
    else:
        op.execute(_MYSQL)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_trs_status")
