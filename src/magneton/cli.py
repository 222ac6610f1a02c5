"""The `magneton` command.

    magneton run [ROLE] [MAD options]      run a process role (default: all-in-one)
    magneton db upgrade [REV] | downgrade REV | current   [MAD options]
    magneton user add NAME [--password PW] [--level admin,mitm,public] | list | remove NAME   [MAD options]
    magneton route calc …                  compute a route from a fence and points (see --help)
    magneton sim …                         simulated devices (RGC + PogoDroid) against a deployment
    magneton demo [--devices N] … [MAD options]   seed a demo to watch with `magneton run` + `magneton sim`

MAD options (`-cf/--config`, `--dbip`, `-vv`, …) follow the command; `magneton run --help` lists them.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from magneton.config import Config, ConfigError, build_parser, parse_config
from magneton.db.errors import DatabaseError
from magneton.roles import ROLES

log = logging.getLogger("magneton")


def _config(extra: Sequence[str]) -> Config:
    if "-h" in extra or "--help" in extra:
        build_parser(prog="magneton run|db", description="MAD's options, shared by every role").print_help()
        raise SystemExit(0)
    return parse_config(extra)


def _cmd_run(argv: Sequence[str]) -> int:
    from magneton.lifecycle import run_event_loop
    from magneton.logs import setup_logging
    from magneton.roles import run_role

    role, extra = _leading_word(argv, "all-in-one")
    if role not in ROLES:
        raise ConfigError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    cfg = _config(extra)
    setup_logging(cfg, role)
    return run_event_loop(run_role(role, cfg))


def _cmd_db(argv: Sequence[str]) -> int:
    from magneton.db import migrate
    from magneton.logs import setup_logging

    action, extra = _leading_word(argv, "")
    revision, extra = _leading_word(extra, "")
    if action not in ("upgrade", "downgrade", "current"):
        raise ConfigError("usage: magneton db upgrade [REVISION] | downgrade REVISION | current [MAD options]")
    cfg = _config(extra)
    setup_logging(cfg, "db")
    if action == "upgrade":
        migrate.upgrade(cfg, revision or "head")
    elif action == "downgrade":
        if not revision:
            raise ConfigError("magneton db downgrade needs a revision (for example: base)")
        migrate.downgrade(cfg, revision)
    else:
        print(migrate.current_revision(cfg) or "empty database (no revision)")
    return 0


def _configured(module: str) -> Callable[[Sequence[str]], int]:
    """A command of its own words plus MAD options (`magneton user`, `magneton demo`): the module's
    `main(argv, config)` gets a function that turns the MAD options into a Config with logging set up."""
    def command(argv: Sequence[str]) -> int:
        from importlib import import_module

        from magneton.logs import setup_logging

        def config(extra: Sequence[str]) -> Config:
            cfg = _config(extra)
            setup_logging(cfg, module)
            return cfg
        return import_module(f"magneton.{module}").main(argv, config)
    return command


def _leading_word(argv: Sequence[str], default: str) -> tuple[str, list[str]]:
    """Split off a leading positional word (a role, an action) from the MAD options that follow it."""
    if argv and not argv[0].startswith("-"):
        return argv[0], list(argv[1:])
    return default, list(argv)


def build_cli() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="magneton", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # `run` and `db` are parsed by hand (MAD's options follow them); listed here for --help.
    commands.add_parser("run", help="run a process role: " + " | ".join(ROLES))
    commands.add_parser("db", help="database schema: upgrade [REV] | downgrade REV | current")
    commands.add_parser("user", help="MADmin and device users: add NAME | list | remove NAME")
    commands.add_parser("demo", help="seed a demo configuration for `magneton sim` phones (see demo --help)")
    from magneton.routing import command as route_command
    from magneton.sim import command as sim_command

    route_command.register(commands)
    sim_command.register(commands)
    return parser


HANDLERS = {"run": _cmd_run, "db": _cmd_db, "user": _configured("users"), "demo": _configured("demo")}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in HANDLERS:
            return HANDLERS[argv[0]](argv[1:])
        args = build_cli().parse_args(argv)
        return args.func(args)
    except (ConfigError, DatabaseError) as exc:
        print(f"magneton: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
