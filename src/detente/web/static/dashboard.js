/* detente dashboard: vanilla JS and SVG, no dependencies, works offline. */
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const QUAD = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
const state = { a: null, b: null, by: "month", series: null, selected: null };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v; else if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

async function getJSON(url, options) {
  const res = await fetch(url, options);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const detail = Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : body.detail;
    throw new Error(detail || res.statusText);
  }
  return body;
}

function periodLabel(start, by) {
  if (by === "month") {
    const d = new Date(start + "T00:00:00Z");
    return d.toLocaleString("en", { month: "short", year: "numeric", timeZone: "UTC" });
  }
  return start;
}

/* ---------------------------------------------------------------- pickers */
async function loadCountries() {
  const countries = await getJSON("/countries");
  const [selA, selB] = [document.getElementById("country-a"), document.getElementById("country-b")];
  for (const sel of [selA, selB]) {
    sel.replaceChildren(...countries.map((c) => el("option", { value: c.code, text: `${c.code} · ${c.name}` })));
  }
  return countries;
}

function pick(a, b) {
  document.getElementById("country-a").value = a;
  document.getElementById("country-b").value = b;
  return showRelations(a, b, document.getElementById("by").value);
}

/* ---------------------------------------------------------------- chart */
async function showRelations(a, b, by) {
  Object.assign(state, { a, b, by, selected: null });
  document.getElementById("period-card").hidden = true;
  const chart = document.getElementById("chart");
  chart.textContent = "Loading…";
  try {
    state.series = await getJSON(`/relations/${encodeURIComponent(a)}/${encodeURIComponent(b)}?by=${by}&top=0`);
  } catch (err) {
    chart.replaceChildren(el("p", { class: "error", text: err.message }));
    return;
  }
  const s = state.series;
  document.getElementById("chart-title").textContent =
    `${s.names[a]} – ${s.names[b]}: relations index by ${by} (${s.events} events)`;
  drawChart(chart, s);
}

function drawChart(container, s) {
  const periods = s.periods;
  if (!periods.length) { container.replaceChildren(el("p", { text: "No events between these two countries." })); return; }
  const W = 960, H = 400, left = 44, right = 12, top = 30, idxH = 190, gap = 34, barH = 100;
  const band = (W - left - right) / periods.length;
  const x = (i) => left + band * (i + 0.5);
  const yIdx = (v) => top + (1 - v) / 2 * idxH;
  const maxN = Math.max(1, ...periods.map((p) => p.events));
  const barTop = top + idxH + gap;
  const yBar = (n) => barH * n / maxN;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `relations index ${s.a}-${s.b}`,
                            "data-dyad": `${s.a}-${s.b}` });

  for (const v of [-1, -0.5, 0, 0.5, 1]) {
    root.append(svg("line", { x1: left, x2: W - right, y1: yIdx(v), y2: yIdx(v), class: v === 0 ? "zero" : "grid" }));
    root.append(svg("text", { x: left - 6, y: yIdx(v) + 4, "text-anchor": "end", class: "label" }, (v > 0 ? "+" : "") + v));
  }
  root.append(svg("line", { x1: left, x2: W - right, y1: barTop + barH, y2: barTop + barH, class: "axis" }));
  root.append(svg("text", { x: left - 6, y: barTop + 8, "text-anchor": "end", class: "label" }, String(maxN)));
  root.append(svg("text", { x: left - 6, y: barTop - 8, "text-anchor": "end", class: "label" }, "events"));

  periods.forEach((p, i) => {
    const hit = svg("rect", { x: left + band * i, y: top, width: band, height: H - top - 20, class: "period-hit",
                              "data-period": p.start, "data-events": p.events });
    hit.append(svg("title", {}, `${periodLabel(p.start, s.by)}: ${p.events} events` +
                                (p.index === null ? "" : `, index ${p.index.toFixed(2)}`)));
    hit.addEventListener("click", () => showPeriod(p));
    root.append(hit);
    let y = barTop + barH;
    [1, 2, 3, 4].forEach((q) => {
      const n = p.quad_class[String(q)];
      if (!n) return;
      const h = yBar(n);
      y -= h;
      root.append(svg("rect", { x: x(i) - band * 0.3, y, width: band * 0.6, height: h, class: `bar q${q}`,
                                "data-period": p.start, "data-quad": q, "pointer-events": "none" }));
    });
    const every = Math.ceil(periods.length / 14);
    if (i % every === 0) root.append(svg("text", { x: x(i), y: H - 4, "text-anchor": "middle", class: "label" }, periodLabel(p.start, s.by)));
  });

  // The index line breaks over periods without events.
  let d = "", pen = false;
  periods.forEach((p, i) => {
    if (p.index === null) { pen = false; return; }
    d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${yIdx(p.index).toFixed(1)}`;
    pen = true;
  });
  root.append(svg("path", { d, class: "index-line" }));
  periods.forEach((p, i) => {
    if (p.index === null) return;
    const c = svg("circle", { cx: x(i), cy: yIdx(p.index), r: 5, class: "point", "data-period": p.start,
                              "data-index": p.index, "pointer-events": "none" });
    root.append(c);
    if (p.turn) {
      const fall = p.turn === "fall";
      root.append(svg("text", { x: x(i), y: yIdx(p.index) + (fall ? 22 : -12), class: `turn turn-${p.turn}`,
                                "data-period": p.start, "data-turn": p.turn, "pointer-events": "none" },
                      fall ? "▼ fall" : "▲ rise"));
    }
  });
  container.replaceChildren(root);
}

/* ---------------------------------------------------------------- events of a period */
function evidenceItem(m) {
  const li = el("li", { class: "mention" });
  const s = m.sentence || "";
  const t0 = m.trigger_start - m.start_char;
  const span = el("span", { class: "sentence" });
  if (m.trigger && t0 >= 0 && t0 + m.trigger.length <= s.length) {
    span.append(s.slice(0, t0), el("mark", { class: "trigger", text: s.slice(t0, t0 + m.trigger.length) }),
                s.slice(t0 + m.trigger.length));
  } else {
    span.textContent = s;
  }
  li.append("“", span, "” ");
  const label = [m.source, m.published].filter(Boolean).join(", ") || "article";
  li.append(el("a", { href: `/articles/${encodeURIComponent(m.doc_id)}?format=html`, class: "article-link",
                      target: "_blank", rel: "noopener", text: `— ${m.title || label}` }));
  if (m.title && label) li.append(el("span", { class: "meta", text: ` (${label})` }));
  return li;
}

function eventItem(e) {
  const who = `${e.source_name || e.source_code} (${e.source_code}) → ${e.target_name || e.target_code || "—"}` +
              (e.target_code ? ` (${e.target_code})` : "");
  const head = el("div", { class: "event-head" },
    el("span", { class: `q-tag q${e.quad_class}`, title: QUAD[e.quad_class - 1] }),
    `${e.date || "undated"} · `, el("span", { class: "code", text: e.cameo }), ` ${e.cameo_name} · ${who}`);
  const counts = el("div", { class: "meta", text:
    `Goldstein ${e.goldstein} · ${e.n_articles} article${e.n_articles === 1 ? "" : "s"}, ` +
    `${e.n_sources} source${e.n_sources === 1 ? "" : "s"}, ${e.n_mentions} mention${e.n_mentions === 1 ? "" : "s"}` +
    (e.location_name ? ` · ${e.location_name}` : "") });
  const ev = el("ul", { class: "evidence" }, ...(e.evidence || []).map(evidenceItem));
  return el("li", { class: "event", "data-event": e.merged_id, "data-cameo": e.cameo }, head, counts, ev);
}

async function showPeriod(p) {
  const s = state.series;
  state.selected = p.start;
  document.querySelectorAll("#chart .period-hit").forEach((r) => r.classList.toggle("selected", r.dataset.period === p.start));
  const card = document.getElementById("period-card");
  const list = document.getElementById("period-events");
  card.hidden = false;
  document.getElementById("period-title").textContent =
    `${periodLabel(p.start, s.by)}: ${p.events} event${p.events === 1 ? "" : "s"} between ${s.a} and ${s.b}` +
    (p.index === null ? "" : ` (index ${p.index >= 0 ? "+" : ""}${p.index.toFixed(2)}${p.turn ? ", " + p.turn : ""})`);
  list.replaceChildren(el("li", { text: "Loading…" }));
  const q = new URLSearchParams({ dyad: `${s.a}-${s.b}`, since: p.start, until: p.end, order: "weight", limit: "100" });
  try {
    const res = await getJSON(`/events?${q}`);
    list.replaceChildren(...res.events.map(eventItem));
    if (!res.events.length) list.replaceChildren(el("li", { text: "No events in this period." }));
  } catch (err) {
    list.replaceChildren(el("li", { class: "error", text: err.message }));
  }
}

/* ---------------------------------------------------------------- tables */
async function loadDyads() {
  const d = await getJSON("/dyads?limit=10");
  const row = (cells, a, b) => {
    const tr = el("tr", { class: "clickable", "data-dyad": `${a}-${b}` }, ...cells.map((c, i) => el("td", { class: i ? "num" : null, text: c })));
    tr.addEventListener("click", () => pick(a, b));
    return tr;
  };
  document.querySelector("#active tbody").replaceChildren(...d.active.map((r) =>
    row([`${r.a}–${r.b}`, r.events, r.mentions, (r.index >= 0 ? "+" : "") + r.index.toFixed(2)], r.a, r.b)));
  document.querySelector("#changed tbody").replaceChildren(...d.changed.map((r) =>
    row([`${r.a}–${r.b}`, r.month, (r.change >= 0 ? "+" : "") + r.change.toFixed(2), r.events], r.a, r.b)));
  return d;
}

async function loadHealth() {
  const h = await getJSON("/health");
  document.getElementById("health").textContent =
    `${h.articles} articles · ${h.events} coded reports · ${h.merged_events} events` + (h.read_only ? " · read-only" : "");
}

/* ---------------------------------------------------------------- ingest */
function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.readAsText(file);
  });
}

async function ingest(ev) {
  ev.preventDefault();
  const status = document.getElementById("ingest-status");
  const out = document.getElementById("ingest-events");
  const file = document.getElementById("ingest-file").files[0];
  const body = {
    title: document.getElementById("ingest-title").value,
    published: document.getElementById("ingest-published").value || null,
    source: document.getElementById("ingest-source").value || null,
  };
  if (file) body.html = await readFile(file); else body.text = document.getElementById("ingest-text").value;
  status.textContent = "Coding… (the first article loads the language model)";
  status.className = "meta";
  try {
    const res = await getJSON("/ingest", { method: "POST", headers: { "Content-Type": "application/json" },
                                           body: JSON.stringify(body) });
    status.textContent = `${res.stored ? "Stored" : "Already stored"}: “${res.title || res.article_id}”, ` +
                         `${res.events.length} event${res.events.length === 1 ? "" : "s"}.`;
    out.replaceChildren(...res.events.map(eventItem));
    await Promise.all([loadHealth(), loadDyads()]);
    if (state.a && state.b) await showRelations(state.a, state.b, state.by);
  } catch (err) {
    status.textContent = err.message;
    status.className = "error";
  }
}

/* ---------------------------------------------------------------- start */
async function start() {
  document.getElementById("dyad-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const a = document.getElementById("country-a").value, b = document.getElementById("country-b").value;
    showRelations(a, b, document.getElementById("by").value);
  });
  document.getElementById("ingest-form").addEventListener("submit", ingest);
  await loadHealth();
  const countries = await loadCountries();
  const dyads = await loadDyads();
  const first = dyads.active[0];
  if (first) await pick(first.a, first.b);
  else if (countries.length > 1) await pick(countries[0].code, countries[1].code);
  document.body.dataset.ready = "1";
}

start().catch((err) => {
  document.getElementById("chart").replaceChildren(el("p", { class: "error", text: err.message }));
  document.body.dataset.ready = "error";
});
