// Devices page: status table with pause/resume, and remote control of one device.
"use strict";
let current = null;

function position(d) {
  return d.routeMax ? `${d.routePos ?? "?"} / ${d.routeMax}` : "–";
}

async function loadDevices() {
  const answer = await api("GET", "/get_status");
  const box = document.getElementById("devices");
  if (!answer.ok) { box.textContent = errorText(answer); return; }
  const rows = answer.data.map((d) => el("tr", {},
    el("td", {}, el("strong", {}, d.origin), el("br"), el("span", { class: "muted" }, d.account || "no account")),
    el("td", {}, d.rmname || "–", el("br"), el("span", { class: "muted" }, d.mode || "")),
    el("td", { class: d.connected ? "ok" : "bad" }, d.connected ? "connected" : "offline",
       d.paused ? el("div", { class: "bad" }, "paused") : null, d.idle ? el("div", { class: "muted" }, "idle") : null),
    el("td", {}, ago(d.lastProtoDateTime)),
    el("td", {}, position(d)),
    el("td", {}, `${d.globalrestartcount ?? 0}`, el("br"), el("span", { class: "muted" }, ago(d.lastPogoRestart))),
    el("td", {}, `${d.globalrebootcount ?? 0}`, el("br"), el("span", { class: "muted" }, ago(d.lastPogoReboot))),
    el("td", { class: "buttons" },
      el("button", { onclick: () => setPaused(d, !d.paused) }, d.paused ? "Resume" : "Pause"),
      el("button", { onclick: () => openControl(d.origin), disabled: !d.connected }, "Control"))));
  const headings = ["Device", "Area / mode", "Status", "Last data", "Route position", "Restarts", "Reboots", ""];
  // each cell carries its heading: on a phone the rows become cards labelled by it (madmin.css)
  rows.forEach((row) => Array.from(row.children).forEach((td, i) => td.setAttribute("data-label", headings[i])));
  box.replaceChildren(el("table", { class: "cards" }, el("thead", {}, el("tr", {}, headings.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows)));
  if (!rows.length) box.append(el("p", { class: "hint" }, "No devices yet: add them under Settings → Devices."));
}

async function setPaused(device, paused) {
  const answer = await api("POST", `/api/device/${device.device_id}`, { call: "device_state", args: { active: paused ? 0 : 1 } },
    { "Content-Type": "application/json-rpc" });
  if (!answer.ok) alert(errorText(answer));
  loadDevices();
}

function message(text, bad) {
  const m = document.getElementById("control-msg");
  m.textContent = text;
  m.classList.toggle("error", !!bad);
}

async function control(path, label) {
  message(label + "…");
  const answer = await api("GET", path + (path.includes("?") ? "&" : "?") + "origin=" + encodeURIComponent(current));
  message(answer.ok ? label + " done" : errorText(answer), !answer.ok);
  return answer.ok;
}

async function screenshot() {
  message("taking a screenshot…");
  const response = await fetch(`${BASE}/take_screenshot?origin=${encodeURIComponent(current)}&t=${Date.now()}`,
    { credentials: "same-origin" });
  if (!response.ok) { message(errorText({ status: response.status, data: await response.text() }), true); return; }
  const img = document.getElementById("screen");
  if (img.src.startsWith("blob:")) URL.revokeObjectURL(img.src);
  img.onload = () => message("screenshot " + new Date().toLocaleTimeString());
  img.onerror = () => message("the device sent a screenshot the browser cannot show", true);
  img.src = URL.createObjectURL(await response.blob());
}

function openControl(origin) {
  current = origin;
  const section = document.getElementById("control");
  section.hidden = false;
  document.getElementById("control-title").textContent = "Control " + origin;
  document.getElementById("logcat").href = `${BASE}/download_logcat?origin=${encodeURIComponent(origin)}`;
  section.scrollIntoView({ behavior: "smooth" });
  screenshot();
}

document.addEventListener("DOMContentLoaded", () => {
  loadDevices();
  setInterval(loadDevices, 10000);
  const actions = {
    screenshot, close: () => { document.getElementById("control").hidden = true; },
    back: async () => { if (await control("/device_key?key=back", "back")) setTimeout(screenshot, 800); },
    home: async () => { if (await control("/device_key?key=home", "home")) setTimeout(screenshot, 800); },
    restart: () => confirm("Restart the game on " + current + "?") && control("/quit_pogo?restart=1", "game restart"),
    reboot: () => confirm("Reboot " + current + "?") && control("/restart_phone", "reboot"),
  };
  document.querySelectorAll("#control [data-act]").forEach((b) => b.addEventListener("click", () => actions[b.dataset.act]()));
  document.getElementById("screen").addEventListener("click", async (event) => {
    const img = event.currentTarget;
    // device pixels: scale the tap on the shown image to the screenshot's own size
    const x = Math.round((event.offsetX / img.clientWidth) * img.naturalWidth);
    const y = Math.round((event.offsetY / img.clientHeight) * img.naturalHeight);
    if (await control(`/click_screenshot?clickx=${x}&clicky=${y}`, `tap ${x},${y}`)) setTimeout(screenshot, 1000);
  });
});
