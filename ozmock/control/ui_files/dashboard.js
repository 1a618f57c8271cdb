// The ozmock dashboard: reads the control API's JSON, changes the world through the control API,
// and acts as the chosen seller through the Ozon API (so those calls run the pipeline and show in the
// request log). No framework, no build step.
"use strict";

const TABS = ["postings", "products", "tasks", "sellers", "chats", "reports", "faults", "requests"];
const LOG_KEPT = 1000;
const state = {
  sellers: [], seller: null, postingStatus: "", chat: null,
  log: {world: "", after: 0, entries: [], open: null},
};

// --- small helpers ---------------------------------------------------------------------------------
const $ = (selector) => document.querySelector(selector);

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

function rows(tbody, list, render, columns, empty) {
  tbody.replaceChildren(...(list.length ? list.map(render)
    : [h("tr", {class: "empty"}, h("td", {colspan: columns}, empty))]));
}

function badge(text, kind = "") {
  return h("span", {class: `badge ${kind}`}, text);
}

function when(iso) {
  return iso ? iso.replace("T", " ").replace(/(\.\d+)?Z$/, "") : "";
}

// Answers can arrive out of order (a timer's read and an action's refresh overlap): each view renders
// only the answer to its latest request.
const tickets = {};
function ticket(view) {
  const number = (tickets[view] || 0) + 1;
  tickets[view] = number;
  return () => tickets[view] === number;
}

let toastTimer;
function toast(message, error = false) {
  const node = $("#toast");
  node.textContent = message;
  node.className = `shown${error ? " error" : ""}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.className = ""; }, error ? 6000 : 2500);
}

// Beyond loopback the control API wants its token: the page is opened as /__ozmock/ui?token=...,
// and every call it makes sends the token as a bearer header.
const TOKEN = new URLSearchParams(location.search).get("token");

async function request(path, options = {}) {
  if (TOKEN) options = {...options, headers: {...(options.headers || {}), Authorization: `Bearer ${TOKEN}`}};
  const response = await fetch(path, options);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  if (!response.ok) {
    const message = data && data.message ? data.message : `${response.status} ${response.statusText}`;
    throw new Error(`${path}: ${message}`);
  }
  return data;
}

function control(path, method = "GET", body = undefined) {
  return request(`/__ozmock/${path}`, body === undefined ? {method}
    : {method, headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
}

function ozon(path, body) {
  // A call the seller makes: the seller's first live key, through the pipeline like any client's.
  const seller = currentSeller();
  const key = seller.keys.find((k) => !k.revoked);
  if (!key) return Promise.reject(new Error(`seller ${seller.client_id} has no live API key`));
  return request(path, {method: "POST", body: JSON.stringify(body), headers: {
    "Content-Type": "application/json", "Client-Id": String(seller.client_id), "Api-Key": key.key}});
}

function currentSeller() {
  return state.sellers.find((s) => s.client_id === state.seller) || state.sellers[0];
}

async function act(work, done) {
  // Run a change, say what happened, and show the world as it became.
  try {
    await work();
    if (done) toast(done);
  } catch (error) {
    toast(error.message, true);
  }
  await refresh();
}

// --- header: clock, sellers, reset -----------------------------------------------------------------
async function loadClock() {
  const latest = ticket("clock");
  const clock = await control("clock");
  if (!latest()) return;
  $("#clock-now").textContent = when(clock.now);
  $("#clock-mode").textContent = clock.mode;
  $("#clock-mode").className = `badge ${clock.mode === "frozen" ? "info" : "ok"}`;
  $("#clock-toggle").textContent = clock.mode === "frozen" ? "Run" : "Freeze";
}

async function loadHeader() {
  const latest = ticket("header");
  const [sellers, scenarios] = await Promise.all([control("sellers"), control("scenarios"), loadClock()]);
  if (!latest()) return;
  $("#scenario").textContent = scenarios.current;
  state.sellers = sellers.sellers;
  if (!state.sellers.some((s) => s.client_id === state.seller)) {
    state.seller = state.sellers.length ? state.sellers[0].client_id : null;
  }
  $("#seller").replaceChildren(...state.sellers.map((s) =>
    h("option", {value: s.client_id, selected: s.client_id === state.seller}, `${s.client_id} · ${s.name}`)));
  const choice = $("#reset-scenario");
  if (!choice.options.length || choice.dataset.current !== scenarios.current) {
    choice.dataset.current = scenarios.current;
    choice.replaceChildren(...scenarios.scenarios.map((s) =>
      h("option", {value: s.name, title: s.description, selected: s.name === scenarios.current}, s.name)));
  }
}

// --- postings -----------------------------------------------------------------------------------------
const STATUS_KIND = {cancelled: "bad", delivered: "ok", delivering: "info", awaiting_packaging: "warn",
  awaiting_deliver: "info", not_accepted: "bad", arbitration: "bad", client_arbitration: "bad"};

async function loadPostings() {
  const query = state.postingStatus ? `?status=${encodeURIComponent(state.postingStatus)}` : "";
  const latest = ticket("postings");
  const data = await control(`orders/${state.seller}/postings${query}`);
  if (!latest()) return;
  const total = Object.values(data.counts).reduce((a, b) => a + b, 0);
  const chip = (status, label, count) => h("button", {
    class: `chip${state.postingStatus === status ? " active" : ""}`, "data-status": status,
    onclick: () => { state.postingStatus = status; loadPostings().catch(report); }}, `${label} (${count})`);
  $("#posting-statuses").replaceChildren(chip("", "all", total),
    ...Object.keys(data.counts).sort().map((s) => chip(s, s, data.counts[s])));
  rows($("#posting-rows"), data.postings, postingRow, 6, "No postings in this status.");
}

function postingRow(p) {
  const actions = [];
  if (p.can_ship) actions.push(h("button", {onclick: () => ship(p)}, "Ship"));
  if (p.next_status) {
    actions.push(h("button", {title: "what Ozon does next", onclick: () => advancePosting(p)},
      `Advance → ${p.next_status}`));
  }
  if (p.can_cancel) actions.push(h("button", {class: "danger", onclick: () => cancelPosting(p)}, "Cancel"));
  return h("tr", {"data-posting": p.posting_number},
    h("td", {}, h("code", {}, p.posting_number)),
    h("td", {}, p.scheme.toUpperCase()),
    h("td", {}, badge(p.status, STATUS_KIND[p.status] || ""), h("div", {class: "muted"}, p.substatus)),
    h("td", {}, when(p.shipment_date)),
    h("td", {}, p.products.map((line) => h("div", {}, `${line.offer_id} × ${line.quantity}`))),
    h("td", {}, actions.length ? actions : h("span", {class: "muted"}, "—")));
}

function ship(p) {
  // /v4/posting/fbs/ship: one package with every line, as a seller packing the whole posting would.
  const products = p.products.map((line) => ({product_id: line.sku, quantity: line.quantity}));
  return act(() => ozon("/v4/posting/fbs/ship", {posting_number: p.posting_number, packages: [{products}]}),
    `Shipped ${p.posting_number}`);
}

function cancelPosting(p) {
  // 352: "out of stock at the seller's warehouse", a reason a seller may give before shipping.
  const reason = p.status === "delivering" ? 665 : 352;
  return act(() => ozon("/v2/posting/fbs/cancel",
    {posting_number: p.posting_number, cancel_reason_id: reason, cancel_reason_message: ""}),
  `Cancelled ${p.posting_number}`);
}

function advancePosting(p) {
  return act(() => control(`orders/${state.seller}/postings/${encodeURIComponent(p.posting_number)}/status`,
    "POST", {status: p.next_status}), `${p.posting_number} → ${p.next_status}`);
}

// --- products, tasks, sellers, chats, reports ----------------------------------------------------------
const PHASE_KIND = {ready: "ok", processing: "info", moderating: "warn", archived: ""};

async function loadProducts() {
  const latest = ticket("products");
  const data = await control(`sellers/${state.seller}/products`);
  if (!latest()) return;
  rows($("#product-rows"), data.products, (p) => h("tr", {"data-offer": p.offer_id},
    h("td", {}, p.product_id),
    h("td", {}, h("code", {}, p.offer_id)),
    h("td", {}, p.name, p.sku ? h("div", {class: "muted"}, `SKU ${p.sku}`) : null),
    h("td", {}, badge(p.status, PHASE_KIND[p.status]), p.visible ? " " : null, p.visible ? badge("on sale", "ok") : null),
    h("td", {class: "num"}, `${p.price} ${p.currency_code}`,
      Number(p.old_price) > 0 ? h("div", {class: "muted"}, h("s", {}, p.old_price)) : null),
    h("td", {}, p.stocks.length ? p.stocks.map((s) =>
      h("div", {}, `${s.warehouse_name || s.warehouse_id}: ${s.present} / ${s.reserved}`))
      : h("span", {class: "muted"}, "—")),
    h("td", {class: "num"}, p.fbo_present)), 7, "No products.");
}

async function loadTasks() {
  const latest = ticket("tasks");
  const data = await control(`sellers/${state.seller}/import-tasks`);
  if (!latest()) return;
  const itemKind = {imported: "ok", processed: "ok", failed: "bad", failed_validation: "bad"};
  rows($("#task-rows"), data.tasks, (t) => h("tr", {},
    h("td", {}, t.task_id), h("td", {}, t.kind), h("td", {}, when(t.created_at)),
    h("td", {}, t.items.map((item) => h("div", {}, h("code", {}, item.offer_id), " ",
      badge(item.status, itemKind[item.status] || "info"),
      item.errors.length ? h("span", {class: "muted"}, ` ${item.errors.map((e) => e.code).join(", ")}`) : null)))),
  4, "No import tasks yet: they appear when a seller calls /v3/product/import.");
}

function loadSellers() {
  $("#seller-cards").replaceChildren(...state.sellers.map((s) => h("div", {class: "card", "data-seller": s.client_id},
    h("h3", {}, `${s.name} `, h("span", {class: "muted"}, `Client-Id ${s.client_id} · ${s.currency}`)),
    h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "API key"), h("th", {}, "Roles"), h("th", {}, "Expires"),
      h("th", {}, ""))),
    h("tbody", {}, s.keys.map((k) => h("tr", {},
      h("td", {}, h("code", {}, k.key), k.name ? h("div", {class: "muted"}, k.name) : null),
      h("td", {}, k.roles.length ? k.roles.join(", ") : h("span", {class: "muted"}, "all")),
      h("td", {}, k.expires_at ? when(k.expires_at) : h("span", {class: "muted"}, "never")),
      h("td", {}, k.revoked ? badge("revoked", "bad") : badge("live", "ok")))))))));
}

async function loadChats() {
  const latest = ticket("chats");
  const data = await control(`sellers/${state.seller}/chats`);
  if (!latest()) return;
  $("#chat-list").replaceChildren(...data.chats.map((c) => h("li", {
    class: c.chat_id === state.chat ? "active" : "", onclick: () => { state.chat = c.chat_id; loadChats().catch(report); }},
  h("div", {}, badge(c.type, c.type === "buyer" ? "info" : ""), " ", c.posting_number || c.chat_id.slice(0, 8),
    c.unread ? " " : null, c.unread ? badge(`${c.unread} unread`, "warn") : null),
  h("div", {class: "muted"}, `${c.messages} messages · ${c.status.toLowerCase()} · ${when(c.last_at)}`))));
  if (!data.chats.length) $("#chat-list").append(h("li", {class: "muted"}, "No chats."));
  if (!state.chat || !data.chats.some((c) => c.chat_id === state.chat)) return;
  const chat = await control(`sellers/${state.seller}/chats/${encodeURIComponent(state.chat)}`);
  if (!latest()) return;
  $("#chat-messages").replaceChildren(h("div", {}, h("h3", {}, chat.posting_number || chat.chat_id),
    chat.messages.map((m) => h("div", {class: `message ${m.user}`},
      h("div", {class: "muted"}, `${m.user} · ${when(m.at)}`),
      m.file ? h("a", {href: m.file.url, target: "_blank"}, m.file.name) : m.text)),
    chat.messages.length ? null : h("p", {class: "muted"}, "No messages yet.")));
}

async function loadReports() {
  const latest = ticket("reports");
  const data = await control(`sellers/${state.seller}/reports`);
  if (!latest()) return;
  const kind = {success: "ok", failed: "bad", waiting: "info", processing: "warn"};
  rows($("#report-rows"), data.reports, (r) => h("tr", {},
    h("td", {}, h("code", {}, r.code)), h("td", {}, r.report_type), h("td", {}, badge(r.status, kind[r.status])),
    h("td", {}, when(r.created_at)), h("td", {}, r.file ? h("a", {href: r.file}, "CSV") : "")),
  5, "No reports yet: they appear when a seller orders one (/v1/report/products/create, ...).");
}

// --- faults ---------------------------------------------------------------------------------------------
async function loadFaults() {
  const latest = ticket("faults");
  const data = await control("faults");
  if (!latest()) return;
  rows($("#fault-rows"), data.faults, (f) => h("tr", {"data-fault": f.id},
    h("td", {}, f.id), h("td", {}, h("code", {}, f.operation || "any operation")),
    h("td", {}, [f.status ? `→ ${f.status}` : null, f.latency_ms ? `+${f.latency_ms} ms` : null, f.drop ? "drop" : null,
      f.nth ? `on call #${f.nth}` : null, f.times ? `fires ${f.times}×` : null, f.client_id ? `seller ${f.client_id}` : null]
      .filter(Boolean).join(" ")),
    h("td", {class: "num"}, f.seen), h("td", {class: "num"}, f.fired),
    h("td", {}, h("button", {class: "danger", onclick: () => act(() => control(`faults/${f.id}`, "DELETE"),
      `Removed fault #${f.id}`)}, "Remove"))), 6, "No faults: every call answers as Ozon would.");
  const list = $("#operations");
  if (!list.options.length) {
    const ops = await control("operations");
    list.replaceChildren(...ops.operations.map((op) => h("option", {value: op.path})));
  }
}

function addFault(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const rule = {};
  for (const name of ["operation", "status", "nth", "times", "latency_ms"]) {
    const value = String(form.get(name) || "").trim();
    if (value) rule[name] = name === "operation" ? value : Number(value);
  }
  return act(() => control("faults", "POST", rule), "Fault added");
}

// --- the request log ----------------------------------------------------------------------------------
let polling = null;
function pollLog() {
  // One poll at a time: the timer's and an action's would otherwise read the same calls twice.
  if (!polling) polling = followLog().finally(() => { polling = null; });
  return polling;
}

async function followLog() {
  let data = await control(`journal/log?after=${state.log.after}`);
  if (data.world !== state.log.world) {            // a reset or an imported world: its own journal
    Object.assign(state.log, {world: data.world, after: 0, entries: [], open: null});
    data = await control("journal/log?after=0");
  }
  const fresh = data.entries.filter((e) => e.seq > state.log.after);
  if (fresh.length) {
    state.log.entries = state.log.entries.concat(fresh).slice(-LOG_KEPT);
    state.log.after = fresh[fresh.length - 1].seq;
  }
  renderLog();
}

function logFilter() {
  const path = $("#log-path").value.trim(), method = $("#log-method").value, status = $("#log-status").value;
  const source = $("#log-source").value, warned = $("#log-warned").checked;
  return (e) => (!path || e.path.includes(path)) && (!method || e.method === method)
    && (!status || String(e.status).startsWith(status)) && (!source || e.source === source)
    && (!warned || (e.warnings || []).length > 0);
}

function statusKind(status) {
  return status >= 500 ? "bad" : status >= 400 ? "warn" : "ok";
}

function renderLog() {
  const shown = state.log.entries.filter(logFilter()).reverse();
  $("#log-count").textContent = `${shown.length} of ${state.log.entries.length} calls`;
  rows($("#log-rows"), shown, (e) => h("tr", {"data-seq": e.seq, class: e.seq === state.log.open ? "active" : "",
    onclick: () => openCall(e.seq)},
  h("td", {}, e.seq), h("td", {}, when(e.at).slice(11)), h("td", {}, e.method), h("td", {class: "path"}, e.path),
  h("td", {}, badge(e.status, statusKind(e.status))), h("td", {}, e.source), h("td", {}, e.client_id ?? "—"),
  h("td", {}, (e.warnings || []).length ? badge((e.warnings || []).length, "warn") : ""),
  h("td", {class: "num"}, e.duration_ms.toFixed(1))), 9, "No calls yet.");
}

async function openCall(seq) {
  state.log.open = seq;
  renderLog();
  try {
    const latest = ticket("call");
    const e = await control(`journal/${seq}`);
    if (!latest()) return;
    const json = (value) => h("pre", {}, typeof value === "string" ? value : JSON.stringify(value, null, 2));
    const warnings = e.warnings || [];
    $("#call").replaceChildren(h("div", {},
      h("h3", {}, `#${e.seq} ${e.method} ${e.path}`),
      h("p", {}, badge(e.status, statusKind(e.status)), " ", e.source, " · ", `${e.duration_ms} ms`, " · ",
        h("span", {class: "muted"}, `trace ${e.trace_id}`)),
      warnings.length ? [h("h4", {}, "Warnings"), h("ul", {}, warnings.map((w) =>
        h("li", {}, typeof w === "string" ? w : JSON.stringify(w))))] : null,
      h("h4", {}, "Request"), json(e.request), h("h4", {}, "Response"), json(e.response)));
  } catch (error) {
    report(error);
  }
}

// --- wiring -------------------------------------------------------------------------------------------
const LOADERS = {postings: loadPostings, products: loadProducts, tasks: loadTasks, sellers: loadSellers,
  chats: loadChats, reports: loadReports, faults: loadFaults, requests: pollLog};

function currentTab() {
  const wanted = location.hash.slice(1);
  return TABS.includes(wanted) ? wanted : TABS[0];
}

function report(error) { toast(error.message, true); }

async function refresh() {
  try {
    await loadHeader();
    await LOADERS[currentTab()]();
  } catch (error) {
    report(error);
  }
}

function showTab() {
  const tab = currentTab();
  for (const section of document.querySelectorAll("main > section")) section.classList.toggle("active", section.id === tab);
  for (const link of document.querySelectorAll("nav a")) link.classList.toggle("active", link.hash === `#${tab}`);
  refresh();
}

function wire() {
  for (const button of document.querySelectorAll("[data-advance]")) {
    button.addEventListener("click", () => act(() => control("clock/advance", "POST",
      {seconds: Number(button.dataset.advance)}), `Clock +${button.textContent.slice(1)}`));
  }
  $("#advance").addEventListener("click", () => act(() => control("clock/advance", "POST",
    {seconds: Number($("#advance-seconds").value || 0)})));
  $("#clock-toggle").addEventListener("click", () => act(() => control("clock", "POST",
    {mode: $("#clock-toggle").textContent === "Run" ? "real" : "frozen"})));
  $("#seller").addEventListener("change", (event) => {
    Object.assign(state, {seller: Number(event.target.value), postingStatus: "", chat: null});
    refresh();
  });
  $("#reset").addEventListener("click", () => act(async () => {
    const scenario = $("#reset-scenario").value;
    await control("reset", "POST", {scenario});
    Object.assign(state, {postingStatus: "", chat: null});
  }, `Reset to ${$("#reset-scenario").value}`));
  $("#new-order").addEventListener("click", () => act(() => control(`orders/${state.seller}/create`, "POST",
    {count: 1, scheme: "fbs"}), "New order created"));
  $("#fault-form").addEventListener("submit", addFault);
  $("#faults-clear").addEventListener("click", () => act(() => control("faults", "DELETE"), "Faults removed"));
  $("#log-clear").addEventListener("click", () => act(async () => {
    await control("journal", "DELETE");
    Object.assign(state.log, {entries: [], open: null});
    $("#call").replaceChildren(h("p", {class: "muted"}, "Open a call to see its request and response."));
  }, "Log cleared"));
  for (const id of ["#log-path", "#log-method", "#log-status", "#log-source", "#log-warned"]) {
    $(id).addEventListener("input", renderLog);
  }
  window.addEventListener("hashchange", showTab);
  for (const link of document.querySelectorAll("nav a")) {       // the open tab's link reloads it
    link.addEventListener("click", () => { if (link.hash === `#${currentTab()}`) refresh(); });
  }
  // Live: the log follows new calls; the clock and the open tab follow a running clock.
  setInterval(() => { if (currentTab() === "requests") pollLog().catch(report); }, 1000);
  setInterval(() => { if (!document.hidden) loadClock().catch(report); }, 5000);
  showTab();
}

document.addEventListener("DOMContentLoaded", wire);
