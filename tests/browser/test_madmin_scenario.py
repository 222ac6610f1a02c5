"""An operator's first hour, in a real browser: log in, draw a fence, create an area, a walker area, a
walker and a device, apply settings, watch the simulated phone scan on the map and in the statistics,
control it through its screenshot, then add a quest area and an event. Every page is photographed."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from tests.browser.conftest import ADMIN, PASSWORD, SHOTS, Deployment

CENTRE = (52.52, 13.40)  # the middle of `magneton sim`'s default world


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def eventually(check: Callable[[], object], seconds: float, what: str, every: float = 1.0) -> object:
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not seen within {seconds} s")
        time.sleep(every)


def create(page, madmin: str, resource: str, values: dict[str, str | list[str]], mode: str | None = None) -> str:
    """Fill the settings editor of `resource` like a person would; `values` of select fields are matched
    against the option labels. Returns the new object's URI from the editor's title."""
    page.goto(f"{madmin}/settings/{resource}")
    if mode:
        page.select_option("#list select", mode)
    else:
        page.click("#list button.primary")
    form = page.locator("#editor form")
    form.wait_for()
    for name, value in values.items():
        field = form.locator(f'[name="{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            wanted = value if isinstance(value, list) else [value]
            # the choices of URI fields arrive a moment later
            for label in wanted:
                field.locator("option", has_text=label).first.wait_for(state="attached")
            labels = [field.locator("option", has_text=label).first.get_attribute("value") for label in wanted]
            field.select_option(labels if isinstance(value, list) else labels[0])
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#form-msg.ok, #form-msg.error")
    problems = [p for p in page.locator(".field-error").all_inner_texts() if p]
    assert "ok" in page.get_attribute("#form-msg", "class"), (page.inner_text("#form-msg"), problems)
    title = page.locator("#editor h2")
    assert title.inner_text().startswith("Edit /api/"), "a new object reopens as itself"
    return title.inner_text().removeprefix("Edit ")


def test_operator_sets_up_and_watches_a_fleet(deployment: Deployment, browser_page) -> None:
    page, madmin = browser_page, deployment.madmin
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept("sim town") if dialog.type == "prompt" else dialog.accept())

    # Nothing but the login page without a user.
    page.goto(f"{madmin}/map")
    assert "/login" in page.url
    page.fill("input[name=username]", ADMIN)
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    assert "Wrong user name or password" in page.inner_text("main")
    page.fill("input[name=username]", ADMIN)
    page.fill("input[name=password]", PASSWORD)
    shot(page, "01-login")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/map"))

    # Draw a fence around the simulated world: four corners ~600 m from its centre.
    page.goto(f"{madmin}/map?lat={CENTRE[0]}&lng={CENTRE[1]}")
    box = page.locator("#map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    assert page.locator("#save-fence").is_hidden()  # no fence being drawn yet
    page.click("#draw")
    for dx, dy in ((-100, -100), (100, -100), (100, 100), (-100, 100)):
        page.mouse.click(cx + dx, cy + dy)
    shot(page, "02-map-drawing-a-fence")
    page.click("#save-fence")
    page.wait_for_selector("#map-msg:has-text('Saved /api/geofence/')")
    page.wait_for_selector("#apply.pending", timeout=5000)  # the button shows unapplied changes
    fence_uri = re.search(r"/api/geofence/\d+", page.inner_text("#map-msg")).group(0)
    before = page.request.get(madmin + fence_uri).json()["fence_data"]

    # Edit it: pull the first corner 30 px further out (up and left), save.
    page.select_option("#edit-fence", label="sim town")
    corners = page.locator(".leaflet-marker-icon")
    assert corners.count() == 4, "one handle per corner"
    handle = corners.first.bounding_box()
    hx, hy = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] - 2
    page.mouse.move(hx, hy)
    page.mouse.down()
    page.mouse.move(hx - 15, hy - 15, steps=5)
    page.mouse.move(hx - 30, hy - 30, steps=5)
    page.mouse.up()
    page.click("#save-fence")
    page.wait_for_selector(f"#map-msg:has-text('Saved {fence_uri}')")
    after = page.request.get(madmin + fence_uri).json()["fence_data"]
    assert after[0] == before[0] == "[sim town]" and len(after) == len(before) == 5
    (lat0, lng0), (lat1, lng1) = (map(float, p.split(",")) for p in (before[1], after[1]))
    assert lat1 > lat0 and lng1 < lng0 and after[2:] == before[2:], (before, after)

    # An init area inside it, a walker area, a walker and the device.
    area = create(page, madmin, "area", {"name": "sim town init", "geofence_included": "sim town",
                                        "init_type": "mons"}, mode="init")
    walkerarea = create(page, madmin, "walkerarea", {"walkerarea": "sim town init", "walkertype": "coords",
                                                     "walkertext": "learn the town"})
    create(page, madmin, "walker", {"walkername": "sim walker", "setup": ["learn the town"]})
    # MAD's default waits a minute after a game start; this operator's phones are quicker
    device = create(page, madmin, "device", {"origin": "sim-001", "walker": "sim walker", "post_pogo_start_delay": "5"})
    shot(page, "03-settings-device")
    assert area.startswith("/api/area/") and walkerarea.startswith("/api/walkerarea/")

    # A validation error shows next to its field.
    page.goto(f"{madmin}/settings/walker")
    page.click("#list button.primary")
    page.locator("#editor button[type=submit]").click()
    page.wait_for_selector("#form-msg.error")
    assert page.inner_text('.field-error[data-for="walkername"]') == "required"

    page.click("#apply")
    page.wait_for_selector("#apply:has-text('Applied')")
    page.wait_for_selector("#apply:not(.pending)", timeout=5000)

    # The phone comes online and scans.
    deployment.sim(1)
    page.goto(f"{madmin}/devices")

    def scanning() -> bool:
        page.reload()
        page.wait_for_selector("#devices table")
        row = page.locator("#devices tr", has_text="sim-001")
        return (row.count() == 1 and "connected" in row.inner_text()
                and row.locator("td").nth(3).inner_text() != "never")  # last data
    eventually(scanning, 120, "sim-001 connected and sending data", every=2)
    assert "sim town init" in page.inner_text("#devices")
    assert re.fullmatch(r"\d+ / \d+", page.locator("#devices tr", has_text="sim-001").locator("td").nth(4).inner_text())
    shot(page, "04-devices")

    # Device control: a screenshot of the phone, then a tap on it.
    page.locator("#devices tr", has_text="sim-001").get_by_role("button", name="Control").click()
    page.locator("#control-msg").filter(has_text=re.compile(r"^screenshot \d")).wait_for()  # shown
    # the phone's own resolution, shown smaller: a tap in the middle is the middle of the phone's screen
    assert page.evaluate("(s => [s.naturalWidth, s.naturalHeight])(document.getElementById('screen'))") == [1080, 1920]
    page.locator("#screen").click()
    page.wait_for_selector("#control-msg:has-text('done')")
    x, y = map(int, re.search(r"tap (\d+),(\d+) done", page.inner_text("#control-msg")).groups())
    assert abs(x - 540) <= 10 and abs(y - 960) <= 10, (x, y)
    shot(page, "05-device-control")

    # The map: the device moves over its route, the data it found is drawn.
    page.goto(f"{madmin}/map?lat={CENTRE[0]}&lng={CENTRE[1]}")
    for layer in ("mons", "stops", "spawns", "cells", "fences"):
        page.locator("#layers label", has_text=layer).locator("input").check()

    def device_position() -> tuple[float, float] | None:
        return page.evaluate("""() => { let at = null;
            layers.devices.eachLayer((m) => { if (m.options.title === 'sim-001') at = [m.getLatLng().lat, m.getLatLng().lng]; });
            return at; }""")
    first = eventually(device_position, 30, "sim-001 on the map")

    def moved() -> bool:
        page.evaluate("refresh('devices')")
        time.sleep(0.5)
        position = device_position()
        return position is not None and position != first
    eventually(moved, 90, "sim-001 moving on the map", every=3)
    page.evaluate("['mons', 'stops', 'spawns', 'cells', 'routes', 'areas'].forEach(refresh)")
    eventually(lambda: page.evaluate("layers.mons.getLayers().length") > 0, 30, "mons on the map")
    eventually(lambda: page.evaluate("layers.spawns.getLayers().length") > 0, 30, "spawnpoints on the map")
    assert page.evaluate("layers.routes.getLayers().length") >= 1
    page.evaluate("map.setZoom(16, { animate: false })")
    for layer in ("mons", "spawns", "stops"):  # reloaded for the new view
        eventually(lambda: page.evaluate(f"layers.{layer}.getLayers().length") > 0, 15, f"{layer} after zooming in")
    shot(page, "06-map")

    # Statistics count the device's locations and detections.
    def counted() -> bool:  # the StatsHandler writes its counts every game_stats_save_time (20 s here)
        page.goto(f"{madmin}/statistics")
        page.wait_for_selector("#locations svg, #locations .hint")
        return "sim-001" in page.inner_text("#locations")
    eventually(counted, 60, "sim-001's locations in the statistics", every=3)
    page.wait_for_selector("#detections svg")
    page.wait_for_selector("#spawns svg")
    shot(page, "07-statistics")

    # Quests: a pokestops area over the stops the init device found; sim-001's walker switches to it.
    quests_area = create(page, madmin, "area", {"name": "sim town quests", "geofence_included": "sim town"},
                         mode="pokestops")
    create(page, madmin, "walkerarea", {"walkerarea": "sim town quests", "walkertype": "coords",
                                        "walkertext": "quests"})
    page.goto(f"{madmin}/settings/walker")
    page.locator("#list li", has_text="sim walker").click()
    quests_option = page.locator('#editor [name="setup"] option', has_text="quests").first
    quests_option.wait_for(state="attached")
    page.select_option('#editor [name="setup"]', [quests_option.get_attribute("value")])  # init is done enough
    page.locator("#editor button[type=submit]").click()
    page.wait_for_selector("#form-msg.ok")
    page.click("#apply")
    page.wait_for_selector("#apply:has-text('Applied')")

    def quests_listed() -> bool:
        page.goto(f"{madmin}/quests")
        page.wait_for_selector("#quest-list table")
        return page.locator("#quest-list tbody tr").count() >= 2
    eventually(quests_listed, 180, "quests on the quest page", every=3)
    shot(page, "08-quests")
    assert quests_area.startswith("/api/area/")

    # An event, through its editor.
    page.goto(f"{madmin}/events")
    page.fill("#event-form [name=event_name]", "Community Day")
    page.fill("#event-form [name=event_start]", "2026-12-12T11:00")
    page.fill("#event-form [name=event_end]", "2026-12-12T17:00")
    page.fill("#event-form [name=event_lure_duration]", "180")
    page.click("#event-form button[type=submit]")
    page.wait_for_selector("#event-msg.ok")
    page.locator("#event-list tr", has_text="Community Day").wait_for()  # the list reloads after the save
    shot(page, "09-events")

    page.goto(f"{madmin}/settings/area")
    page.locator("#list li", has_text="sim town init").click()
    page.wait_for_selector("#editor form")
    shot(page, "10-settings-area")
    page.goto(f"{madmin}/statistics")
    page.wait_for_selector("#quests svg")
    shot(page, "11-statistics-with-quests")

    # Pause and resume from the device table.
    page.goto(f"{madmin}/devices")
    row = page.locator("#devices tr", has_text="sim-001")
    row.get_by_role("button", name="Pause").click()
    page.locator("#devices tr", has_text="sim-001").filter(has_text="paused").wait_for()
    page.locator("#devices tr", has_text="sim-001").get_by_role("button", name="Resume").click()
    page.locator("#devices tr", has_text="sim-001").get_by_role("button", name="Pause").wait_for()
    assert "paused" not in page.locator("#devices tr", has_text="sim-001").inner_text()

    # On a phone: the pages fit the screen's width (wide tables scroll inside their own box).
    page.set_viewport_size({"width": 390, "height": 844})
    for name in ("devices", "map", "settings/area", "statistics", "quests", "events"):
        page.goto(f"{madmin}/{name}")
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} is {overflow} px wider than a phone's screen"
        if name in ("devices", "map"):
            shot(page, f"12-phone-{name}")

    assert device.startswith("/api/device/")
    assert not errors, errors
