// Settings editors: one generic editor per API resource, built from the resource definition the API
// publishes; saving goes through the API and its validation messages appear next to the fields.
"use strict";
const root = document.querySelector(".settings");
const RESOURCE = root.dataset.resource;
const MODES = ["idle", "iv_mitm", "mon_mitm", "pokestops", "raids_mitm", "init"];
const uriCache = {};
const SAVED = "Saved. Apply settings to use it.";

function modeHeaders(mode) { return RESOURCE === "area" && mode ? { "X-Mode": mode } : {}; }

async function options(resource) {
  if (!uriCache[resource]) {
    const answer = await api("GET", `/api/${resource}?hide_resource=1`);
    uriCache[resource] = answer.ok ? answer.data : {};
  }
  return uriCache[resource];
}

async function loadList(selected) {
  const list = document.getElementById("list");
  const answer = await api("GET", `/api/${RESOURCE}?hide_resource=1&fetch_all=1`);
  if (!answer.ok) { list.textContent = errorText(answer); return; }
  const items = Object.entries(answer.data).map(([uri, obj]) => {
    const label = obj.name || obj.origin || obj.devicepool || obj.walkername || obj.walkertext || obj.monlist ||
      obj.username || uri;
    return el("li", { class: uri === selected ? "active" : "", onclick: () => edit(uri, obj) },
      String(label), obj.mode ? el("span", { class: "muted" }, " · " + obj.mode) : null);
  });
  const newButton = RESOURCE === "area"
    ? el("select", { onchange: (e) => { if (e.target.value) edit(null, { mode: e.target.value }); e.target.value = ""; } },
        el("option", { value: "" }, "New area in mode…"), MODES.map((m) => el("option", { value: m }, m)))
    : el("button", { class: "primary", onclick: () => edit(null, {}) }, "New");
  list.replaceChildren(el("div", { class: "buttons" }, newButton), el("ul", {}, items));
  if (!items.length) list.append(el("p", { class: "hint" }, "Nothing here yet."));
}

function inputFor(field, value) {
  const name = field.name;
  if (field.readonly) return el("input", { name, value: value ?? "", disabled: true });
  if (field.type === "bool") return el("select", { name }, [["", "(unset)"], ["true", "yes"], ["false", "no"]].map(
    ([v, t]) => el("option", { value: v, selected: String(value ?? "") === v }, t)));
  if (field.values) return el("select", { name }, el("option", { value: "" }, "(unset)"),
    field.values.map((v) => el("option", { value: v, selected: v === value }, v)));
  if (["coords", "fence", "int_list", "uri_list"].includes(field.type) && field.type !== "uri_list") {
    const text = Array.isArray(value) ? value.join("\n") : (value && typeof value === "object" ? JSON.stringify(value, null, 1) : "");
    return el("textarea", { name, "data-kind": field.type }, text);
  }
  if (field.type === "uri" || field.type === "uri_list") {
    const select = el("select", { name, multiple: field.type === "uri_list", "data-kind": field.type },
      field.type === "uri" ? el("option", { value: "" }, "(none)") : null);
    options(field.uri_source).then((found) => {
      const chosen = Array.isArray(value) ? value : [value];
      for (const [uri, label] of Object.entries(found)) select.append(el("option", { value: uri, selected: chosen.includes(uri) }, `${label} (${uri})`));
    });
    return select;
  }
  return el("input", { name, value: value ?? "", type: ["int", "float"].includes(field.type) ? "text" : "text",
    inputmode: ["int", "float"].includes(field.type) ? "decimal" : undefined });
}

function readValue(field, input) {
  if (input.dataset.kind === "uri_list") return Array.from(input.selectedOptions).map((o) => o.value);
  const raw = input.value;
  if (["coords", "fence", "int_list"].includes(field.type)) {
    const text = raw.trim();
    if (field.type === "fence" && text.startsWith("{")) { try { return JSON.parse(text); } catch (e) { return text; } }
    const lines = text ? text.split(/\n+/).map((l) => l.trim()).filter(Boolean) : [];
    return field.type === "int_list" ? lines.flatMap((l) => l.split(",")).map((v) => v.trim()).filter(Boolean).map(Number) : lines;
  }
  if (raw === "") return null;
  if (field.type === "bool") return raw === "true";
  if (field.type === "int" && /^-?\d+$/.test(raw)) return Number(raw);
  if (field.type === "float" && !isNaN(Number(raw))) return Number(raw);
  return raw;
}

async function edit(uri, obj, notice) {
  const mode = obj.mode;
  const info = await api("GET", `/api/${RESOURCE}${RESOURCE === "area" ? "?mode=" + mode : ""}`, undefined, modeHeaders(mode));
  const definition = info.data.resource;
  const editor = document.getElementById("editor");
  const inputs = {};
  const row = (field, value) => {
    const input = inputFor(field, value);
    inputs[field.name] = { field, input };
    return el("label", {}, field.name + (field.required ? " *" : ""), el("span", { class: "descr" }, field.descr || ""),
      input, el("span", { class: "field-error", "data-for": field.name }));
  };
  const settings = obj.settings || {};
  const form = el("form", { class: "editor" },
    el("h2", {}, uri ? `Edit ${uri}` : `New ${RESOURCE}${mode ? " (" + mode + ")" : ""}`),
    definition.fields.map((f) => row(f, obj[f.name])),
    definition.settings.length ? el("fieldset", {}, el("legend", {}, "Settings"), definition.settings.map((f) => row(f, settings[f.name]))) : null,
    el("p", { class: notice ? "msg ok" : "msg", id: "form-msg" }, notice || ""),
    el("div", { class: "buttons" }, el("button", { type: "submit", class: "primary" }, "Save"),
      uri ? el("button", { type: "button", class: "danger", onclick: () => remove(uri) }, "Delete") : null));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { settings: {} };
    for (const { field, input } of Object.values(inputs)) {
      if (field.readonly) continue;
      const value = readValue(field, input);
      if (!uri && (value === null || (Array.isArray(value) && !value.length && field.type !== "uri_list"))) continue;
      (definition.settings.includes(field) ? body.settings : body)[field.name] = value;
    }
    const answer = uri ? await api("PATCH", uri, body, modeHeaders(mode)) : await api("POST", `/api/${RESOURCE}`, body, modeHeaders(mode));
    form.querySelectorAll(".field-error").forEach((s) => { s.textContent = ""; });
    const msg = document.getElementById("form-msg");
    if (answer.ok) {
      const saved = uri || answer.headers.get("X-Uri");
      delete uriCache[RESOURCE];
      loadList(saved);
      refreshApplyButton();
      // a new object reopens as itself (its URI in the title); the notice goes with the new form
      if (uri) { msg.className = "msg ok"; msg.textContent = SAVED; } else edit(saved, answer.data, SAVED);
      return;
    }
    msg.className = "msg error";
    const d = answer.data || {};
    const show = (name, text) => {
      const slot = form.querySelector(`.field-error[data-for="${name}"]`);
      if (slot) slot.textContent = (slot.textContent ? slot.textContent + "; " : "") + text;
    };
    (d.missing || []).forEach((n) => show(n, "required"));
    (d.invalid || []).forEach(([n, expected]) => show(n, "expected: " + expected));
    (d.invalid_uri || []).forEach(([n, r, v]) => show(n, `no ${r} ${v}`));
    msg.textContent = answer.status === 422 ? "Please fix the marked fields." + ((d.unknown || []).length ? " Unknown: " + d.unknown.join(", ") : "") : errorText(answer);
  });
  editor.replaceChildren(form);
  editor.hidden = false;
}

async function remove(uri) {
  if (!confirm("Delete " + uri + "?")) return;
  const answer = await api("DELETE", uri);
  if (answer.status === 202) {
    document.getElementById("editor").hidden = true;
    loadList();
    refreshApplyButton();
  } else {
    document.getElementById("form-msg").textContent = answer.status === 412 ? "Cannot delete: " + errorText(answer) : errorText(answer);
    document.getElementById("form-msg").className = "msg error";
  }
}

document.addEventListener("DOMContentLoaded", () => loadList());
