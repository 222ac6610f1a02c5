// Statistics: small SVG charts drawn without a library.
"use strict";
const COLORS = ["#2f6fdf", "#27ae60", "#e67e22", "#8e44ad", "#c0392b"];
const NS = "http://www.w3.org/2000/svg";

function svg(tag, attrs, parent) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.append(node);
  return node;
}

function chart(target, labels, series, kind) {
  const box = document.getElementById(target);
  box.replaceChildren();
  if (!labels.length) { box.append(el("p", { class: "hint" }, "No data in this period.")); return; }
  const W = 800, H = 240, L = 48, B = 28, T = 10;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H + B}`, preserveAspectRatio: "none" }, box);
  const max = Math.max(1, ...series.flatMap((s) => kind === "stack" ? labels.map((_, i) => series.reduce((a, x) => a + x.values[i], 0)) : s.values));
  const y = (v) => T + (H - T) * (1 - v / max);
  for (let i = 0; i <= 4; i++) {
    const v = Math.round(max * i / 4);
    svg("line", { x1: L, x2: W, y1: y(v), y2: y(v), stroke: "#e3e7ee" }, root);
    svg("text", { x: 4, y: y(v) + 4, "font-size": 11, fill: "#667085" }, root).textContent = v;
  }
  const step = (W - L) / labels.length;
  labels.forEach((label, i) => {
    if (labels.length <= 12 || i % Math.ceil(labels.length / 12) === 0) {
      svg("text", { x: L + i * step + 2, y: H + 18, "font-size": 11, fill: "#667085" }, root).textContent = label;
    }
  });
  if (kind === "line") {
    series.forEach((s, n) => {
      svg("polyline", { fill: "none", stroke: COLORS[n % 5], "stroke-width": 2,
        points: s.values.map((v, i) => `${L + i * step + step / 2},${y(v)}`).join(" ") }, root);
      // dots too: a period with a single bucket has no line to draw
      s.values.forEach((v, i) => svg("circle", { cx: L + i * step + step / 2, cy: y(v), r: 4, fill: COLORS[n % 5] }, root)
        .append(Object.assign(document.createElementNS(NS, "title"), { textContent: `${s.name}: ${v}` })));
    });
  } else {
    labels.forEach((_, i) => {
      let base = 0;
      series.forEach((s, n) => {
        const v = s.values[i];
        svg("rect", { x: L + i * step + step * 0.15, width: step * 0.7, y: y(base + v), height: y(base) - y(base + v), fill: COLORS[n % 5] }, root)
          .append(Object.assign(document.createElementNS(NS, "title"), { textContent: `${s.name}: ${v}` }));
        base += v;
      });
    });
  }
  box.append(el("div", { class: "legend" }, series.map((s, n) => el("span", { style: `color:${COLORS[n % 5]}` }, "■ " + s.name))));
}

async function load() {
  const hours = document.getElementById("hours").value;
  const det = (await api("GET", `/api/stats/detections?hours=${hours}`)).data || { series: [] };
  const fmt = (ts) => new Date(ts * 1000).toLocaleString([], { weekday: hours > 24 ? "short" : undefined, hour: "2-digit", minute: "2-digit" });
  chart("detections", det.series.map((r) => fmt(r.timestamp)),
    ["mon", "mon_iv", "raid", "quest"].map((k) => ({ name: k, values: det.series.map((r) => r[k]) })), "line");
  const loc = (await api("GET", `/api/stats/locations?hours=${hours}`)).data || [];
  chart("locations", loc.map((r) => r.worker), [{ name: "ok", values: loc.map((r) => r.ok) }, { name: "not ok", values: loc.map((r) => r.nok) }], "stack");
  const spawns = (await api("GET", "/api/stats/spawns")).data || [];
  chart("spawns", spawns.map((r) => r.event), [{ name: "despawn known", values: spawns.map((r) => r.known_despawn) },
    { name: "despawn unknown", values: spawns.map((r) => r.total - r.known_despawn) }], "stack");
  const quests = (await api("GET", "/api/stats/quests")).data || [];
  chart("quests", quests.map((r) => `${r.area} (layer ${r.layer})`), [{ name: "stops with quest", values: quests.map((r) => r.quests) },
    { name: "stops without", values: quests.map((r) => r.stops - r.quests) }], "stack");
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("hours").addEventListener("change", load);
  load();
});
