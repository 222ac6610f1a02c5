// Map: areas, fences, routes, devices, mons, gyms/raids, stops/quests/invasions, spawnpoints, cells;
// draw a new fence or edit an existing one (saved through /api/geofence).
"use strict";
const map = L.map("map", { preferCanvas: true });
L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
  { maxZoom: 19, attribution: "© OpenStreetMap contributors" }).addTo(map);
const viewportLayers = new Set(["mons", "gyms", "stops", "quests", "spawns", "cells"]);
const layers = {
  areas: L.layerGroup(), fences: L.layerGroup(), routes: L.layerGroup(), prioroutes: L.layerGroup(),
  devices: L.layerGroup(), mons: L.layerGroup(), gyms: L.layerGroup(), stops: L.layerGroup(),
  quests: L.layerGroup(), spawns: L.layerGroup(), cells: L.layerGroup(),
};
const on = JSON.parse(localStorage.getItem("madmin-layers") || '["areas","routes","devices","gyms"]');
const dot = (latlng, color, radius) => L.circleMarker(latlng, { radius: radius || 5, color, weight: 1, fillOpacity: 0.8 });
const text = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
let fitted = false;

function box() {
  const b = map.getBounds();
  return `neLat=${b.getNorth()}&neLon=${b.getEast()}&swLat=${b.getSouth()}&swLon=${b.getWest()}`;
}

const loaders = {
  async areas(g) {
    for (const a of (await api("GET", "/get_areas")).data || []) {
      for (const [include, exclude] of a.coordinates) {
        L.polygon(exclude.length ? [include, ...exclude] : include, { color: "#2f6fdf", weight: 2, fillOpacity: 0.08 })
          .bindPopup(`<b>${text(a.name)}</b><br>${text(a.mode)}`).addTo(g);
      }
    }
    if (!fitted && g.getLayers().length) { map.fitBounds(L.featureGroup(g.getLayers()).getBounds()); fitted = true; }
  },
  async fences(g) {
    for (const f of (await api("GET", "/get_geofences")).data || []) {
      f.polygons.forEach((p) => L.polygon(p, { color: "#8e44ad", weight: 1, dashArray: "4", fillOpacity: 0.03 }).bindPopup(text(f.name)).addTo(g));
    }
  },
  async routes(g) {
    for (const r of (await api("GET", "/get_route")).data || []) {
      if (!r.coordinates.length) continue;
      L.polyline([...r.coordinates, r.coordinates[0]], { color: "#e67e22", weight: 2 }).bindPopup(`${text(r.name)} (${r.coordinates.length} stops)`).addTo(g);
      r.subroutes.forEach((s) => L.polyline(s.coordinates, { color: s.tag === "unapplied" ? "#999" : "#16a085", weight: 3 }).bindPopup(text(s.name)).addTo(g));
    }
  },
  async prioroutes(g) {
    for (const r of (await api("GET", "/get_prioroute")).data || []) {
      r.coordinates.forEach((c) => dot([c.latitude, c.longitude], "#c0392b", 4).bindPopup(`${text(r.name)}: due ${new Date(c.timestamp * 1000).toLocaleTimeString()}`).addTo(g));
    }
  },
  async devices(g) {
    for (const w of (await api("GET", "/get_workers")).data || []) {
      L.marker([w.lat, w.lon], { title: w.name }).bindPopup(`<b>${text(w.name)}</b>`).addTo(g);
    }
  },
  async mons(g) {
    for (const m of (await api("GET", "/get_map_mons?" + box())).data || []) {
      const iv = m.individual_attack != null ? ` ${Math.round((m.individual_attack + m.individual_defense + m.individual_stamina) / 45 * 100)}%` : "";
      dot([m.latitude, m.longitude], "#27ae60", 4).bindPopup(`#${m.pokemon_id}${iv}<br>until ${new Date(m.disappear_time * 1000).toLocaleTimeString()}`).addTo(g);
    }
  },
  async gyms(g) {
    const teams = ["#7f8c8d", "#2980b9", "#c0392b", "#f1c40f"];
    for (const x of (await api("GET", "/get_gymcoords?" + box())).data || []) {
      const raid = x.raid ? `<br>raid level ${x.raid.level}${x.raid.mon ? " #" + x.raid.mon : " egg"} until ${new Date(x.raid.end * 1000).toLocaleTimeString()}` : "";
      dot([x.lat, x.lon], teams[x.team_id] || "#333", x.raid ? 8 : 6).bindPopup(`<b>${text(x.name || x.id)}</b>${raid}`).addTo(g);
    }
  },
  async stops(g) {
    for (const s of (await api("GET", "/get_stops?" + box())).data || []) {
      const invasion = s.incidents.length ? `<br>invasion (grunt ${s.incidents[0].character_display}) until ${new Date(s.incidents[0].incident_expiration * 1000).toLocaleTimeString()}` : "";
      dot([s.latitude, s.longitude], s.incidents.length ? "#2c3e50" : "#3498db", 4).bindPopup(`<b>${text(s.name || s.pokestop_id)}</b>${invasion}`).addTo(g);
    }
  },
  async quests(g) {
    for (const q of (await api("GET", "/get_quests?" + box())).data || []) {
      dot([q.latitude, q.longitude], "#9b59b6", 5).bindPopup(`<b>${text(q.name)}</b><br>${text(q.quest_task || q.quest_template)}<br>layer ${q.layer}`).addTo(g);
    }
  },
  async spawns(g) {
    for (const event of (await api("GET", "/get_spawns?" + box())).data || []) {
      event.Coords.forEach((s) => dot([s.lat, s.lon], s.endtime ? "#1abc9c" : "#e74c3c", 3).bindPopup(`spawn ${s.id}<br>despawn ${s.endtime || "unknown"}<br>${text(event.EVENT)}`).addTo(g));
    }
  },
  async cells(g) {
    for (const c of (await api("GET", "/get_cells?" + box())).data || []) {
      L.polygon(c.polygon, { color: "#34495e", weight: 1, fillOpacity: 0.05 }).bindPopup(`cell ${c.id}<br>${new Date(c.updated * 1000).toLocaleString()}`).addTo(g);
    }
  },
};

async function refresh(name) {
  const group = layers[name];
  group.clearLayers();
  if (!on.includes(name)) return;
  try { await loaders[name](group); } catch (e) { document.getElementById("map-msg").textContent = name + ": " + e; }
}

function buildLayerSwitches() {
  const box = document.getElementById("layers");
  for (const name of Object.keys(layers)) {
    const input = el("input", { type: "checkbox", checked: on.includes(name) });
    input.addEventListener("change", () => {
      if (input.checked) { on.push(name); layers[name].addTo(map); } else { on.splice(on.indexOf(name), 1); map.removeLayer(layers[name]); }
      localStorage.setItem("madmin-layers", JSON.stringify(on));
      refresh(name);
    });
    box.append(el("label", {}, input, " " + name));
    if (on.includes(name)) layers[name].addTo(map);
  }
}

// --- fence drawing and editing ---------------------------------------------------------------------
let drawing = null;  // {uri, name, points: [LatLng], markers: [], shape}

function redraw() {
  if (drawing.shape) map.removeLayer(drawing.shape);
  drawing.shape = L.polygon(drawing.points, { color: "#d35400" }).addTo(map);
}

function addVertex(latlng) {
  const marker = L.marker(latlng, { draggable: true }).addTo(map);
  drawing.points.push(latlng);
  drawing.markers.push(marker);
  marker.on("drag", () => { drawing.points[drawing.markers.indexOf(marker)] = marker.getLatLng(); redraw(); });
  marker.on("contextmenu", () => {
    const i = drawing.markers.indexOf(marker);
    drawing.markers.splice(i, 1); drawing.points.splice(i, 1); map.removeLayer(marker); redraw();
  });
  redraw();
}

function startDrawing(existing) {
  stopDrawing();
  drawing = { uri: existing ? existing.uri : null, name: existing ? existing.name : "", points: [], markers: [], shape: null };
  (existing ? existing.points : []).forEach((p) => addVertex(L.latLng(p[0], p[1])));
  document.getElementById("save-fence").hidden = false;
  document.getElementById("cancel-fence").hidden = false;
  document.getElementById("map-msg").textContent = "Click to add corners, drag to move them, right-click to remove one.";
}

function stopDrawing() {
  if (!drawing) return;
  drawing.markers.forEach((m) => map.removeLayer(m));
  if (drawing.shape) map.removeLayer(drawing.shape);
  drawing = null;
  document.getElementById("save-fence").hidden = true;
  document.getElementById("cancel-fence").hidden = true;
}

async function saveFence() {
  if (drawing.points.length < 3) { document.getElementById("map-msg").textContent = "A fence needs at least 3 corners."; return; }
  const name = drawing.uri ? drawing.name : prompt("Name of the new geofence");
  if (!name) return;
  const data = [`[${name}]`, ...drawing.points.map((p) => `${p.lat.toFixed(6)},${p.lng.toFixed(6)}`)];
  const answer = drawing.uri
    ? await api("PATCH", drawing.uri, { fence_data: data })
    : await api("POST", "/api/geofence", { name, fence_type: "polygon", fence_data: data });
  const msg = document.getElementById("map-msg");
  if (!answer.ok) { msg.textContent = answer.status === 422 ? JSON.stringify(answer.data) : errorText(answer); return; }
  msg.textContent = `Saved ${drawing.uri || answer.headers.get("X-Uri")}. Apply settings to use it.`;
  stopDrawing();
  refresh("fences"); refresh("areas"); loadFenceChoices(); refreshApplyButton();
}

async function loadFenceChoices() {
  const select = document.getElementById("edit-fence");
  select.replaceChildren(el("option", { value: "" }, "Edit fence…"));
  for (const f of (await api("GET", "/get_geofences")).data || []) {
    select.append(el("option", { value: f.id, "data-name": f.name }, f.name + (f.polygons.length > 1 ? " (first polygon)" : "")));
    select.lastChild.points = f.coordinates;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const params = new URLSearchParams(location.search);
  map.setView([Number(params.get("lat")) || 52.52, Number(params.get("lng")) || 13.405], 14);
  if (params.get("lat")) fitted = true;
  buildLayerSwitches();
  Object.keys(layers).forEach(refresh);
  map.on("moveend", () => viewportLayers.forEach((n) => on.includes(n) && refresh(n)));
  map.on("click", (e) => drawing && addVertex(e.latlng));
  setInterval(() => refresh("devices"), 15000);
  document.getElementById("draw").addEventListener("click", () => startDrawing(null));
  document.getElementById("cancel-fence").addEventListener("click", stopDrawing);
  document.getElementById("save-fence").addEventListener("click", saveFence);
  const select = document.getElementById("edit-fence");
  select.addEventListener("change", () => {
    const option = select.selectedOptions[0];
    if (option.value) startDrawing({ uri: "/api/geofence/" + option.value, name: option.dataset.name, points: option.points });
    select.value = "";
  });
  loadFenceChoices();
});
