"""Resolution of one setting: device value, else pool value, else MAD's default."""

from __future__ import annotations

import logging
from types import SimpleNamespace

from magneton.mapping.device_settings import DeviceSettings, resolve


def row(**values) -> SimpleNamespace:
    return SimpleNamespace(**values)


def test_device_then_pool_then_default() -> None:
    pool = row(post_walk_delay=2.0, reboot_thresh=9, adbname="pool-adb", ggl_login_mail="pool@x")
    settings = resolve("dev", row(post_walk_delay=1.0), pool)
    assert settings.post_walk_delay == 1.0 and settings.reboot_thresh == 9
    assert settings.adbname is None and settings.ggl_login_mail is None  # device-only keys ignore the pool
    assert resolve("dev", row(), None) == DeviceSettings()


def test_empty_strings_are_unset() -> None:
    settings = resolve("dev", row(startcoords_of_walker="", screenshot_type=""), row(screenshot_type="png"))
    assert settings.startcoords_of_walker is None and settings.screenshot_type == "png"


def test_invalid_values_fall_back_to_the_default_and_are_logged(caplog) -> None:
    caplog.set_level(logging.ERROR)
    settings = resolve("dev07", row(startcoords_of_walker="north", enhanced_mode_quest_safe_items="1, x"), None)
    assert settings.startcoords_of_walker is None
    assert settings.enhanced_mode_quest_safe_items == DeviceSettings().enhanced_mode_quest_safe_items
    assert "[dev07] ignoring invalid startcoords_of_walker 'north'" in caplog.text


def test_not_null_switch_is_on_when_either_side_is_on() -> None:
    assert resolve("dev", row(extended_login=False), row(extended_login=True)).extended_login
    assert resolve("dev", row(extended_login=True), row(extended_login=False)).extended_login
    assert not resolve("dev", row(extended_login=False), row(extended_login=False)).extended_login
