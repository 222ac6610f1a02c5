// Events editor (trs_event).
"use strict";
const form = document.getElementById("event-form");
const local = (epoch) => epoch == null ? "" : new Date(epoch * 1000 - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16);

async function load() {
  const answer = await api("GET", "/api/events");
  const box = document.getElementById("event-list");
  if (!answer.ok) { box.textContent = errorText(answer); return; }
  box.replaceChildren(el("table", {}, el("thead", {}, el("tr", {}, ["Name", "Start", "End", "Lure (min)", ""].map((h) => el("th", {}, h)))),
    el("tbody", {}, answer.data.map((e) => el("tr", {},
      el("td", {}, e.event_name), el("td", {}, new Date(e.event_start * 1000).toLocaleString()),
      el("td", {}, new Date(e.event_end * 1000).toLocaleString()), el("td", {}, e.event_lure_duration),
      el("td", { class: "buttons" }, el("button", { onclick: () => fill(e) }, "Edit"),
        e.id === 1 ? null : el("button", { class: "danger", onclick: () => remove(e) }, "Delete")))))));
}

function fill(e) {
  form.querySelector("h2").textContent = "Edit " + e.event_name;
  form.event_id.value = e.id;
  form.event_name.value = e.event_name;
  form.event_start.value = local(e.event_start);
  form.event_end.value = local(e.event_end);
  form.event_lure_duration.value = e.event_lure_duration;
}

async function remove(e) {
  if (!confirm(`Delete ${e.event_name}? Its spawnpoints go back to DEFAULT.`)) return;
  const answer = await api("DELETE", "/api/events/" + e.id);
  if (!answer.ok) alert(errorText(answer));
  load();
}

form.addEventListener("reset", () => { form.querySelector("h2").textContent = "New event"; form.event_id.value = ""; });
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = { event_name: form.event_name.value, event_start: Date.parse(form.event_start.value) / 1000,
    event_end: Date.parse(form.event_end.value) / 1000, event_lure_duration: Number(form.event_lure_duration.value) };
  const answer = form.event_id.value ? await api("PATCH", "/api/events/" + form.event_id.value, body) : await api("POST", "/api/events", body);
  const msg = document.getElementById("event-msg");
  msg.className = answer.ok ? "msg ok" : "msg error";
  msg.textContent = answer.ok ? "Saved." : (answer.data && (answer.data.invalid || answer.data.missing) ? JSON.stringify(answer.data) : errorText(answer));
  if (answer.ok) { form.reset(); load(); }
});
document.addEventListener("DOMContentLoaded", load);
