// Shared by every MADmin page: the base path, JSON requests, the "apply settings" button.
"use strict";
const BASE = document.body.dataset.base || "";

async function api(method, path, body, headers) {
  const options = { method, headers: Object.assign({}, headers || {}), credentials: "same-origin" };
  if (body !== undefined) {
    options.body = JSON.stringify(body);
    if (!options.headers["Content-Type"]) options.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(BASE + path, options);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
  return { status: response.status, ok: response.ok, data, headers: response.headers };
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function ago(epoch) {
  if (!epoch) return "never";
  const s = Math.max(0, Math.round(Date.now() / 1000 - epoch));
  if (s < 90) return s + " s ago";
  if (s < 5400) return Math.round(s / 60) + " min ago";
  if (s < 172800) return Math.round(s / 3600) + " h ago";
  return new Date(epoch * 1000).toLocaleString();
}

function errorText(answer) {
  const d = answer.data;
  if (d && typeof d === "object" && d.error) return d.error;
  if (Array.isArray(d)) return "still used by: " + d.map((x) => x.name + " (" + x.uri + ")").join(", ");
  return "HTTP " + answer.status + (typeof d === "string" && d ? ": " + d.slice(0, 200) : "");
}

async function refreshApplyButton() {
  const button = document.getElementById("apply");
  if (!button) return;
  const state = await api("GET", "/settings_state");
  if (state.ok) button.classList.toggle("pending", !!state.data.unapplied);
}

document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("apply");
  if (!button) return;
  if (document.body.dataset.page === "login") { button.hidden = true; return; }
  button.addEventListener("click", async () => {
    button.disabled = true;
    const answer = await api("POST", "/reload");
    button.disabled = false;
    if (answer.ok) {
      const d = answer.data;
      button.title = `applied: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed`;
      button.textContent = "Applied ✓";
      setTimeout(() => { button.textContent = "Apply settings"; }, 2500);
    } else {
      alert("Apply settings failed: " + errorText(answer));
    }
    refreshApplyButton();
  });
  refreshApplyButton();
});
