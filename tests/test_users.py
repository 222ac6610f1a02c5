"""`magneton user`: the first MADmin login and the devices' credentials, on real SQLite and MariaDB."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from magneton.cli import main
from magneton.config import Config, ConfigError
from magneton.db.engine import database_url
from magneton.db.models import MadminInstance, SettingsAuth
from magneton.users import run, split_args
from tests.db.conftest import dialect, empty_cfg, mariadb_database, migrated_cfg  # noqa: F401 (fixtures)


def users_in(cfg: Config) -> dict[str, tuple[str, str, int]]:
    """username → (instance name, password, level), read with a plain synchronous engine."""
    url = database_url(cfg).set(drivername="sqlite" if cfg.db_url is None else "mysql+pymysql")
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(SettingsAuth.username, MadminInstance.name, SettingsAuth.password,
                                       SettingsAuth.auth_level)
                                .join(MadminInstance, MadminInstance.instance_id == SettingsAuth.instance_id))
            return {r[0]: (r[1], r[2], r[3]) for r in rows}
    finally:
        engine.dispose()


async def user(cfg: Config, *argv: str) -> int:
    args, rest = split_args(argv)
    assert not rest
    return await run(args, cfg)


async def test_add_update_list_remove(migrated_cfg: Config, capsys: pytest.CaptureFixture[str]) -> None:
    assert await user(migrated_cfg, "add", "operator", "--password", "pw1") == 0
    assert users_in(migrated_cfg) == {"operator": ("test", "pw1", 4)}  # admin by default
    assert await user(migrated_cfg, "add", "operator", "--password", "pw2", "--level", "admin,mitm") == 0
    assert await user(migrated_cfg, "add", "phones", "--password", "pd", "--level", "mitm") == 0
    assert users_in(migrated_cfg) == {"operator": ("test", "pw2", 6), "phones": ("test", "pd", 2)}
    capsys.readouterr()
    assert await user(migrated_cfg, "list") == 0
    assert capsys.readouterr().out.splitlines() == ["operator\tmitm,admin", "phones\tmitm"]
    assert await user(migrated_cfg, "remove", "phones") == 0
    assert await user(migrated_cfg, "remove", "phones") == 1  # nothing left to remove
    assert set(users_in(migrated_cfg)) == {"operator"}


@pytest.mark.parametrize(("argv", "says"), [
    (("add", "x", "--password", "p", "--level", "root"), "unknown user level 'root'"),
    (("add", "x", "--password", "p", "--level", ","), "at least one level"),
    (("add", "x" * 33, "--password", "p"), "at most 32 characters"),
    (("add",), "needs a user name"),
])
async def test_bad_input_names_the_problem(migrated_cfg: Config, argv: tuple[str, ...], says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        await user(migrated_cfg, *argv)
    assert users_in(migrated_cfg) == {}


async def test_a_name_of_another_instance_is_refused(migrated_cfg: Config) -> None:
    await user(migrated_cfg, "add", "shared", "--password", "a")
    other = dataclasses.replace(migrated_cfg, status_name="second")
    with pytest.raises(ConfigError, match="belongs to another instance"):
        await user(other, "add", "shared", "--password", "b")
    assert users_in(migrated_cfg) == {"shared": ("test", "a", 4)}


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--sqlite_file", str(tmp_path / "m.db")]
    assert main(["user", "list", *db]) == 2  # not migrated yet: says what to run
    assert "magneton db upgrade" in capsys.readouterr().err
    assert main(["db", "upgrade", *db]) == 0
    assert main(["user", "add", "operator", "--password", "pw", "--level", "admin,mitm", *db]) == 0
    assert main(["user", "add", "bad", "--password", "pw", "--level", "boss", *db]) == 2
    assert "unknown user level 'boss'" in capsys.readouterr().err
    assert users_in(Config(sqlite_file=str(tmp_path / "m.db"))) == {"operator": ("mad", "pw", 6)}
