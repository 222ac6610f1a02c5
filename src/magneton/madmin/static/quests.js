// Quests per area (its geofence) and layer.
"use strict";
let quests = [];

function reward(q) {
  if (q.quest_pokemon_id) return `Pokémon #${q.quest_pokemon_id}`;
  if (q.quest_stardust) return `${q.quest_stardust} stardust`;
  if (q.quest_item_id) return `${q.quest_item_amount} × item ${q.quest_item_id}`;
  return `reward type ${q.quest_reward_type}`;
}

function render() {
  const needle = document.getElementById("search").value.toLowerCase();
  const rows = quests.filter((q) => !needle || `${q.name} ${q.quest_task} ${reward(q)}`.toLowerCase().includes(needle));
  const box = document.getElementById("quest-list");
  box.replaceChildren(el("p", { class: "muted" }, `${rows.length} quest(s)`), el("table", {},
    el("thead", {}, el("tr", {}, ["Stop", "Task", "Reward", "Layer", "Scanned"].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows.map((q) => el("tr", {},
      el("td", {}, q.name || q.pokestop_id), el("td", {}, q.quest_task || q.quest_template || ""),
      el("td", {}, reward(q)), el("td", {}, q.layer === 0 ? "AR" : "non-AR"), el("td", {}, ago(q.timestamp)))))));
}

async function load() {
  const area = document.getElementById("area").value, layer = document.getElementById("layer").value;
  const answer = await api("GET", `/api/quests?area=${area}&layer=${layer}`);
  quests = answer.ok ? answer.data : [];
  if (!answer.ok) document.getElementById("quest-list").textContent = errorText(answer);
  else render();
}

document.addEventListener("DOMContentLoaded", async () => {
  const select = document.getElementById("area");
  for (const a of (await api("GET", "/api/quests/areas")).data || []) select.append(el("option", { value: a.area_id }, a.name));
  select.addEventListener("change", load);
  document.getElementById("layer").addEventListener("change", load);
  document.getElementById("search").addEventListener("input", render);
  load();
});
