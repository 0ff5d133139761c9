/* eventwire dashboard: plain JS + SVG, no build step, no network beyond its own API.
 *
 * Data comes either embedded in the page (the static report: a
 * <script type="application/json" id="eventwire-data"> block) or from GET /api/bundle
 * (eventwire serve). Every piece of article text goes into the page as text
 * (textContent / text nodes), never as HTML; links are only followed when http(s).
 */
"use strict";

(function () {
  const QUAD = {
    1: { name: "Verbal cooperation", color: "#3f9b6b" },
    2: { name: "Material cooperation", color: "#2c6e9b" },
    3: { name: "Verbal conflict", color: "#e0a526" },
    4: { name: "Material conflict", color: "#c8423b" },
  };
  const FILTER_KEYS = ["actor", "source", "target", "type", "quad_class", "modality",
    "date_from", "date_to", "outlet", "story_id", "q"];
  const PAGE = 50;
  const SVGNS = "http://www.w3.org/2000/svg";

  let DATA = null;
  let REPORT = false;
  const state = { filters: {}, page: 0, selectedEvent: null, story: null };

  // -- small DOM helpers (text only) ----------------------------------------
  function el(tag, attrs, parent, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) node.setAttribute(k, String(v));
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (parent) parent.appendChild(node);
    return node;
  }
  function svg(tag, attrs, parent, text) {
    const node = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) node.setAttribute(k, String(v));
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (parent) parent.appendChild(node);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function safeUrl(url) { return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null; }
  function link(url, text, parent) {
    const ok = safeUrl(url);
    if (!ok) return el("span", { class: "nolink", title: "not an http(s) link" }, parent, text);
    return el("a", { href: ok, target: "_blank", rel: "noopener noreferrer" }, parent, text);
  }
  function $(id) { return document.getElementById(id); }
  function codes(list) { return list && list.length ? list.join(", ") : "–"; }

  // -- filtering --------------------------------------------------------------
  function matches(e, f, ignoreDates) {
    if (f.actor && !e.src.includes(f.actor) && !e.tgt.includes(f.actor)) return false;
    if (f.source && !e.src.includes(f.source)) return false;
    if (f.target && !e.tgt.includes(f.target)) return false;
    if (f.type && e.type !== f.type) return false;
    if (f.quad_class && String(e.quad) !== String(f.quad_class)) return false;
    if (f.modality && e.modality !== f.modality) return false;
    if (f.outlet && DATA.documents[e.doc].outlet !== f.outlet) return false;
    if (f.story_id && e.story !== f.story_id) return false;
    if (f.q && !(e.sentence || "").toLowerCase().includes(f.q.toLowerCase())) return false;
    if (!ignoreDates) {
      if (f.date_from && (!e.date || e.date < f.date_from)) return false;
      if (f.date_to && (!e.date || e.date > f.date_to)) return false;
    }
    return true;
  }
  function filtered(ignoreDates) {
    return DATA.events.filter((e) => matches(e, state.filters, ignoreDates));
  }
  function setFilter(key, value) {
    if (value === null || value === undefined || value === "") delete state.filters[key];
    else state.filters[key] = String(value);
    state.page = 0;
    render();
  }

  // -- layout -------------------------------------------------------------------
  function buildLayout(root) {
    clear(root);
    const header = el("header", {}, root);
    el("h1", {}, header, "eventwire");
    el("span", { id: "counts", class: "counts" }, header);
    const bar = el("div", { class: "filters", id: "filterbar" }, root);
    const search = el("input", { id: "f-q", type: "search", placeholder: "search evidence…" }, bar);
    search.addEventListener("change", () => setFilter("q", search.value.trim()));
    for (const [key, label] of [["type", "all types"], ["quad_class", "all QuadClasses"],
      ["modality", "all modalities"], ["outlet", "all outlets"]]) {
      const sel = el("select", { id: "f-" + key, "aria-label": label, "data-all": label }, bar);
      sel.addEventListener("change", () => setFilter(key, sel.value));
    }
    el("span", { id: "chips", class: "chips" }, bar);
    const reset = el("button", { id: "f-clear", type: "button" }, bar, "clear filters");
    reset.addEventListener("click", () => { state.filters = {}; state.page = 0; render(); });

    const grid = el("main", { class: "grid" }, root);
    const panel = (id, title, cls) => {
      const sec = el("section", { id: id, class: "panel " + (cls || "") }, grid);
      el("h2", {}, sec, title);
      return el("div", { class: "body", id: id + "-body" }, sec);
    };
    panel("timeline", "Timeline (drag to select dates, click a bar for one period)", "wide");
    panel("network", "Actor network (click an actor to filter)");
    panel("map", "Event locations");
    panel("events", "Events", "wide");
    panel("document", "Article", "wide");
    panel("stories", "Stories", "wide");
    panel("outlets", "Outlets", "wide");
    const foot = el("footer", {}, root);
    foot.appendChild(document.createTextNode(REPORT
      ? "Static eventwire report: data embedded, works offline."
      : "Served by eventwire serve. JSON API: "));
    if (!REPORT) {
      el("a", { href: "/docs" }, foot, "/docs");
      foot.appendChild(document.createTextNode(" · current filters as API call: "));
      el("a", { id: "apilink", href: "/api/events" }, foot, "/api/events");
    }
  }

  function fillSelect(id, values, current, labelOf) {
    const sel = $(id);
    clear(sel);
    el("option", { value: "" }, sel, sel.getAttribute("data-all"));
    for (const v of values) {
      const opt = el("option", { value: v }, sel, labelOf ? labelOf(v) : v);
      if (String(v) === String(current || "")) opt.selected = true;
    }
  }

  function renderFilters() {
    const f = state.filters;
    const types = [...new Set(DATA.events.map((e) => e.type))].sort();
    fillSelect("f-type", types, f.type);
    fillSelect("f-quad_class", [1, 2, 3, 4], f.quad_class, (q) => q + " " + QUAD[q].name);
    fillSelect("f-modality", ["asserted", "planned", "hypothetical", "negated", "denied"], f.modality);
    fillSelect("f-outlet", DATA.outlets.map((o) => o.outlet), f.outlet);
    $("f-q").value = f.q || "";
    const chips = clear($("chips"));
    for (const key of FILTER_KEYS) {
      if (!f[key]) continue;
      const chip = el("button", { type: "button", class: "chip", title: "remove this filter" },
        chips, key + ": " + f[key] + " ×");
      chip.addEventListener("click", () => setFilter(key, null));
    }
    const api = $("apilink");
    if (api) {
      const params = new URLSearchParams();
      for (const key of FILTER_KEYS) if (f[key]) params.set(key, f[key]);
      const url = "/api/events" + (params.toString() ? "?" + params.toString() : "");
      api.setAttribute("href", url);
      api.textContent = url;
    }
  }

  // -- timeline -------------------------------------------------------------------
  function weekStart(iso) {
    const d = new Date(iso + "T00:00:00Z");
    const day = (d.getUTCDay() + 6) % 7;
    d.setUTCDate(d.getUTCDate() - day);
    return d.toISOString().slice(0, 10);
  }
  function addDays(iso, n) {
    const d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }
  function renderTimeline() {
    const body = clear($("timeline-body"));
    const dated = filtered(true).filter((e) => e.date);
    if (!dated.length) { el("p", { class: "empty" }, body, "No dated events match."); return; }
    // Background events ("has ruled since 1994") would stretch the axis over decades:
    // unless a date filter is set, draw from the 2nd percentile on and say how many are left out.
    const sorted = dated.map((e) => e.date).sort();
    const lo = state.filters.date_from ? sorted[0] : sorted[Math.floor(sorted.length * 0.02)];
    const events = dated.filter((e) => e.date >= lo);
    const earlier = dated.length - events.length;
    const dates = events.map((e) => e.date).sort();
    const span = (Date.parse(dates[dates.length - 1]) - Date.parse(dates[0])) / 864e5;
    const weekly = span > 120;
    const binOf = weekly ? weekStart : (d) => d;
    const bins = new Map();
    for (const e of events) {
      const b = binOf(e.date);
      if (!bins.has(b)) bins.set(b, { 1: 0, 2: 0, 3: 0, 4: 0 });
      bins.get(b)[e.quad] += 1;
    }
    const keys = [...bins.keys()].sort();
    const first = keys[0];
    const last = keys[keys.length - 1];
    const step = weekly ? 7 : 1;
    const nBins = Math.round((Date.parse(last) - Date.parse(first)) / 864e5 / step) + 1;
    const W = 1100, H = 180, L = 36, B = 22, T = 8;
    const bw = (W - L - 4) / nBins;
    const max = Math.max(...keys.map((k) => Object.values(bins.get(k)).reduce((a, b) => a + b, 0)));
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img",
      "aria-label": "events per " + (weekly ? "week" : "day") + " by QuadClass" }, body);
    const y = (n) => H - B - (n / max) * (H - B - T);
    for (const t of [0, Math.round(max / 2), max]) {
      svg("line", { x1: L, x2: W, y1: y(t), y2: y(t), class: "grid" }, root);
      svg("text", { x: L - 4, y: y(t) + 4, "text-anchor": "end", class: "tick" }, root, t);
    }
    const xOf = (iso) => L + ((Date.parse(iso) - Date.parse(first)) / 864e5 / step) * bw;
    const f = state.filters;
    if (f.date_from || f.date_to) {
      const x0 = f.date_from ? Math.max(L, xOf(binOf(f.date_from))) : L;
      const x1 = f.date_to ? Math.min(W, xOf(binOf(f.date_to)) + bw) : W;
      svg("rect", { x: x0, y: T, width: Math.max(1, x1 - x0), height: H - B - T, class: "brush" }, root);
    }
    for (const k of keys) {
      let base = 0;
      for (const q of [1, 2, 3, 4]) {
        const n = bins.get(k)[q];
        if (!n) continue;
        const r = svg("rect", { x: xOf(k), y: y(base + n), width: Math.max(1, bw - 1),
          height: y(base) - y(base + n), fill: QUAD[q].color, class: "bar" }, root);
        svg("title", {}, r, `${weekly ? "week of " : ""}${k}: ${n} ${QUAD[q].name}`);
        base += n;
      }
    }
    const labels = Math.min(8, nBins);
    for (let i = 0; i < labels; i++) {
      const idx = Math.round((i * (nBins - 1)) / Math.max(1, labels - 1));
      const iso = addDays(first, idx * step);
      const anchor = i === 0 ? "start" : i === labels - 1 ? "end" : "middle";
      svg("text", { x: L + idx * bw + (i === labels - 1 ? bw : 0), y: H - 6, class: "tick",
        "text-anchor": anchor }, root, iso);
    }
    // brushing: drag to pick a range, click for one bin
    const sel = svg("rect", { x: 0, y: T, width: 0, height: H - B - T, class: "brushing" }, root);
    const toX = (evt) => {
      const box = root.getBoundingClientRect();
      return ((evt.clientX - box.left) / box.width) * W;
    };
    const toBin = (x) => addDays(first, Math.min(nBins - 1, Math.max(0, Math.floor((x - L) / bw))) * step);
    let start = null;
    root.addEventListener("mousedown", (evt) => { start = toX(evt); evt.preventDefault(); });
    root.addEventListener("mousemove", (evt) => {
      if (start === null) return;
      const x = toX(evt);
      sel.setAttribute("x", Math.min(start, x));
      sel.setAttribute("width", Math.abs(x - start));
    });
    const finish = (evt) => {
      if (start === null) return;
      const x = toX(evt);
      const a = Math.min(start, x), b = Math.max(start, x);
      start = null;
      const from = toBin(a);
      const to = addDays(toBin(b), step - 1);
      state.filters.date_from = from;
      state.filters.date_to = to;
      state.page = 0;
      render();
    };
    root.addEventListener("mouseup", finish);
    const legend = el("div", { class: "legend" }, body);
    for (const q of [1, 2, 3, 4]) {
      const item = el("button", { type: "button", class: "legend-item" }, legend);
      el("span", { class: "swatch", style: "background:" + QUAD[q].color }, item);
      item.appendChild(document.createTextNode(q + " " + QUAD[q].name));
      item.addEventListener("click", () => setFilter("quad_class", q));
    }
    el("span", { class: "note" }, legend,
      `${events.length} events per ${weekly ? "week" : "day"}, by event date` +
      (earlier ? `; ${earlier} earlier background events (from ${sorted[0]}) not drawn` : ""));
  }

  // -- actor network -----------------------------------------------------------------
  function renderNetwork() {
    const body = clear($("network-body"));
    const events = filtered(false);
    const edges = new Map();
    const degree = new Map();
    for (const e of events) {
      for (const s of e.src) for (const t of e.tgt) {
        if (s === t) continue;
        const key = s + "\u0000" + t;
        if (!edges.has(key)) edges.set(key, { s, t, coop: 0, conf: 0 });
        const edge = edges.get(key);
        if (e.quad <= 2) edge.coop += 1; else edge.conf += 1;
        degree.set(s, (degree.get(s) || 0) + 1);
        degree.set(t, (degree.get(t) || 0) + 1);
      }
    }
    if (!edges.size) { el("p", { class: "empty" }, body, "No source–target pairs match."); return; }
    const nodes = [...degree.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 24).map((d) => d[0]);
    const W = 540, H = 440, cx = W / 2, cy = H / 2, R = 190;
    const pos = new Map(nodes.map((n, i) => {
      const a = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
      return [n, { x: cx + R * Math.cos(a), y: cy + R * Math.sin(a) }];
    }));
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img",
      "aria-label": "directed actor network" }, body);
    const defs = svg("defs", {}, root);
    for (const [id, color] of [["coop", "#2f8f5b"], ["conf", "#c8423b"]]) {
      const m = svg("marker", { id: "arrow-" + id, viewBox: "0 0 10 10", refX: 10, refY: 5,
        markerUnits: "userSpaceOnUse", markerWidth: 9, markerHeight: 9, orient: "auto" }, defs);
      svg("path", { d: "M0,0 L10,5 L0,10 z", fill: color }, m);
    }
    const maxN = Math.max(...[...edges.values()].map((e) => e.coop + e.conf));
    for (const edge of [...edges.values()].sort((a, b) => (a.coop + a.conf) - (b.coop + b.conf))) {
      const p = pos.get(edge.s), q = pos.get(edge.t);
      if (!p || !q) continue;
      const n = edge.coop + edge.conf;
      const kind = edge.conf > edge.coop ? "conf" : "coop";
      // curve so that A->B and B->A do not overlap; stop short of the node circle
      const dx = q.x - p.x, dy = q.y - p.y, len = Math.hypot(dx, dy) || 1;
      const ex = q.x - (dx / len) * 19, ey = q.y - (dy / len) * 19;
      const mx = (p.x + ex) / 2 - (dy / len) * 18, my = (p.y + ey) / 2 + (dx / len) * 18;
      const path = svg("path", { d: `M${p.x},${p.y} Q${mx},${my} ${ex},${ey}`,
        class: "edge " + kind, "stroke-width": (0.8 + 5 * Math.sqrt(n / maxN)).toFixed(2),
        "marker-end": `url(#arrow-${kind})` }, root);
      svg("title", {}, path, `${edge.s} → ${edge.t}: ${edge.coop} cooperation, ${edge.conf} conflict`);
      path.addEventListener("click", () => {
        state.filters.source = edge.s; state.filters.target = edge.t; state.page = 0; render();
      });
    }
    for (const n of nodes) {
      const p = pos.get(n);
      const g = svg("g", { class: "node" + (state.filters.actor === n ? " active" : ""),
        tabindex: 0, "data-code": n }, root);
      svg("circle", { cx: p.x, cy: p.y, r: 16 }, g);
      svg("text", { x: p.x, y: p.y + 4, "text-anchor": "middle" }, g, n.length > 6 ? n.slice(0, 5) + "…" : n);
      svg("title", {}, g, `${n}: ${degree.get(n)} source/target roles — click to filter`);
      g.addEventListener("click", () => setFilter("actor", state.filters.actor === n ? null : n));
    }
    const legend = el("div", { class: "legend" }, body);
    el("span", { class: "swatch", style: "background:#2f8f5b" }, legend);
    legend.appendChild(document.createTextNode("mostly cooperation (QuadClass 1–2)  "));
    el("span", { class: "swatch", style: "background:#c8423b" }, legend);
    legend.appendChild(document.createTextNode("mostly conflict (3–4); width = events; top 24 actors"));
  }

  // -- map ----------------------------------------------------------------------------
  function renderMap() {
    const body = clear($("map-body"));
    const W = 540, H = 380;
    const px = (lon) => ((lon + 180) / 360) * W;
    const py = (lat) => ((78 - Math.max(-56, Math.min(78, lat))) / 134) * H;
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart map", role: "img",
      "aria-label": "map of event locations" }, body);
    svg("rect", { x: 0, y: 0, width: W, height: H, class: "sea" }, root);
    for (let lon = -150; lon <= 180; lon += 30) svg("line", { x1: px(lon), x2: px(lon), y1: 0, y2: H, class: "graticule" }, root);
    for (let lat = -60; lat <= 80; lat += 20) svg("line", { x1: 0, x2: W, y1: py(lat), y2: py(lat), class: "graticule" }, root);
    for (const c of Object.values(DATA.capitals)) {
      svg("circle", { cx: px(c.lon), cy: py(c.lat), r: 1.3, class: "capital" }, root);
    }
    const points = new Map();
    let exact = 0, approx = 0, none = 0;
    for (const e of filtered(false)) {
      let lat = e.lat, lon = e.lon, where = e.loc, how = "location";
      if (lat === null || lon === null || lat === undefined) {
        const code = [...e.tgt, ...e.src].find((c) => DATA.capitals[c]);
        if (!code) { none += 1; continue; }
        const cap = DATA.capitals[code];
        lat = cap.lat; lon = cap.lon; where = cap.capital + " (" + code + ")"; how = "capital";
        approx += 1;
      } else exact += 1;
      const key = lat.toFixed(2) + "," + lon.toFixed(2);
      if (!points.has(key)) points.set(key, { lat, lon, where, how, n: 0, q: { 1: 0, 2: 0, 3: 0, 4: 0 } });
      const p = points.get(key);
      p.n += 1; p.q[e.quad] += 1;
    }
    const maxN = Math.max(1, ...[...points.values()].map((p) => p.n));
    for (const p of [...points.values()].sort((a, b) => b.n - a.n)) {
      const top = [1, 2, 3, 4].reduce((a, b) => (p.q[b] > p.q[a] ? b : a), 1);
      const c = svg("circle", { cx: px(p.lon), cy: py(p.lat), r: (3 + 14 * Math.sqrt(p.n / maxN)).toFixed(1),
        fill: QUAD[top].color, class: "point " + (p.how === "capital" ? "approx" : "exact") }, root);
      svg("title", {}, c, `${p.where}: ${p.n} events (${p.how === "capital" ? "placed at capital" : "geocoded"})`);
    }
    el("p", { class: "caption", id: "map-caption" }, body,
      `${exact} events at their geocoded location; ${approx} placed at the capital of the target ` +
      `(else source) country because they have no location yet; ${none} with no country to place ` +
      `(organisations, regions). Colour: most frequent QuadClass. Grey dots: world capitals.`);
  }

  // -- events table and document view --------------------------------------------------
  function renderTable() {
    const body = clear($("events-body"));
    const events = filtered(false).slice().sort((a, b) =>
      (b.date || "").localeCompare(a.date || "") || a.id.localeCompare(b.id));
    $("counts").textContent = `${DATA.health.documents} documents · ${DATA.health.events} events` +
      (DATA.truncated ? ` (newest ${DATA.events.length} loaded)` : "") + ` · ${events.length} match`;
    if (!events.length) { el("p", { class: "empty" }, body, "No events match these filters."); return; }
    const pages = Math.ceil(events.length / PAGE);
    state.page = Math.min(state.page, pages - 1);
    const table = el("table", { class: "events", id: "events-table" }, body);
    const head = el("tr", {}, el("thead", {}, table));
    for (const h of ["date", "type", "source → target", "modality", "said by", "outlet", "evidence", ""]) el("th", {}, head, h);
    const tbody = el("tbody", {}, table);
    for (const e of events.slice(state.page * PAGE, (state.page + 1) * PAGE)) {
      const doc = DATA.documents[e.doc] || {};
      const tr = el("tr", { "data-event": e.id, class: state.selectedEvent === e.id ? "selected" : "" }, tbody);
      el("td", { class: "nowrap" }, tr, e.date || "?");
      const t = el("td", { class: "nowrap" }, tr);
      el("span", { class: "quad", style: "background:" + QUAD[e.quad].color, title: QUAD[e.quad].name }, t, e.quad);
      t.appendChild(document.createTextNode(" " + e.type));
      el("td", {}, tr, codes(e.src) + " → " + codes(e.tgt));
      el("td", { class: "modality " + e.modality }, tr, e.modality);
      el("td", {}, tr, e.attr || "");
      el("td", {}, tr, doc.outlet || "");
      el("td", { class: "sentence" }, tr, e.sentence);
      const l = el("td", {}, tr);
      link(doc.url, "source", l);
      tr.addEventListener("click", (evt) => {
        if (evt.target.tagName === "A") return;
        state.selectedEvent = e.id;
        for (const row of tbody.querySelectorAll("tr.selected")) row.classList.remove("selected");
        tr.classList.add("selected");
        showDocument(e);
      });
    }
    const nav = el("div", { class: "pager" }, body);
    const prev = el("button", { type: "button" }, nav, "‹ previous");
    prev.disabled = state.page === 0;
    prev.addEventListener("click", () => { state.page -= 1; renderTable(); });
    el("span", {}, nav, ` page ${state.page + 1} of ${pages} (${events.length} events) `);
    const next = el("button", { type: "button" }, nav, "next ›");
    next.disabled = state.page >= pages - 1;
    next.addEventListener("click", () => { state.page += 1; renderTable(); });
  }

  async function loadText(docId) {
    const doc = DATA.documents[docId];
    if (doc && typeof doc.text === "string") return doc;
    const resp = await fetch("/api/documents/" + encodeURIComponent(docId));
    if (!resp.ok) throw new Error("document " + docId + ": HTTP " + resp.status);
    const full = await resp.json();
    Object.assign(doc, { text: full.text });
    return doc;
  }

  async function showDocument(e) {
    const body = clear($("document-body"));
    el("p", { class: "empty" }, body, "loading…");
    let doc;
    try { doc = await loadText(e.doc); } catch (err) { clear(body); el("p", { class: "error" }, body, String(err)); return; }
    clear(body);
    const meta = el("div", { class: "docmeta" }, body);
    el("strong", {}, meta, doc.title || e.doc);
    meta.appendChild(document.createTextNode(` — ${doc.outlet || "?"}, ${doc.published || "no date"} · `));
    link(doc.url, doc.url || "no URL", meta);
    const info = el("p", { class: "eventinfo" }, body);
    info.appendChild(document.createTextNode(
      `${e.type} (${e.cameo || "–"}, QuadClass ${e.quad}, Goldstein ${e.goldstein ?? "–"}) · ` +
      `${codes(e.src)} → ${codes(e.tgt)} · modality: ${e.modality}` +
      (e.attr ? ` · attributed to: ${e.attr}` : " · asserted by the outlet") +
      ` · confidence ${e.conf}`));
    const text = doc.text || "";
    const pre = el("div", { class: "doctext", id: "doctext" }, body);
    const start = Math.max(0, Math.min(text.length, e.start));
    const end = Math.max(start, Math.min(text.length, e.end));
    pre.appendChild(document.createTextNode(text.slice(0, start)));
    const mark = el("mark", { id: "evidence" }, pre, text.slice(start, end));
    pre.appendChild(document.createTextNode(text.slice(end)));
    mark.scrollIntoView({ block: "nearest" });
    $("document").scrollIntoView({ block: "start" });
  }

  // -- stories ----------------------------------------------------------------------------
  function renderStories() {
    const body = clear($("stories-body"));
    const info = DATA.stories;
    if (info.kind === "fallback") el("p", { class: "fallback-note" }, body, "Fallback view — " + info.note);
    if (!info.stories.length) { el("p", { class: "empty" }, body, "No stories with two or more outlets yet."); return; }
    if (info.stories.length > 40) el("p", { class: "note" }, body, `first 40 of ${info.stories.length} listed`);
    const wrap = el("div", { class: "stories" }, body);
    const list = el("ol", { class: "storylist" }, wrap);
    if (!state.story) state.story = info.stories[0].story_id;
    for (const s of info.stories.slice(0, 40)) {
      const li = el("li", { class: s.story_id === state.story ? "active" : "" }, list);
      const b = el("button", { type: "button" }, li, s.label);
      el("small", {}, li, ` ${s.first_date}${s.last_date !== s.first_date ? " – " + s.last_date : ""} · ${s.outlets.length} outlets`);
      b.addEventListener("click", () => { state.story = s.story_id; renderStories(); });
    }
    const story = info.stories.find((s) => s.story_id === state.story) || info.stories[0];
    const detail = el("div", { class: "storydetail" }, wrap);
    el("h3", {}, detail, (story.kind === "fallback" ? "Same actor pair and type, several outlets: " : "Story: ") + story.label);
    const events = story.event_ids
      ? story.event_ids.map((id) => DATA.events.find((e) => e.id === id)).filter(Boolean)
      : DATA.events.filter((e) => e.story === story.story_id);
    const byOutlet = new Map();
    for (const e of events) {
      const o = (DATA.documents[e.doc] || {}).outlet || "(unknown)";
      if (!byOutlet.has(o)) byOutlet.set(o, []);
      byOutlet.get(o).push(e);
    }
    if (story.documents) renderStoryDocuments(story, detail);
    if (story.merged_events) renderMergedEvents(story, detail);
    const outlets = [...byOutlet.keys()].sort();
    if (!outlets.length) return;
    // side by side: two outlets on this story (framing profile + their events)
    const pick = el("div", { class: "comparepick" }, detail);
    el("h4", {}, pick, "Compare two outlets on this story");
    const chosen = state.compare && state.compare.story === story.story_id ? state.compare.outlets
      : [outlets[0], outlets[1] || outlets[0]];
    const selects = chosen.map((value, i) => {
      const sel = el("select", { id: "compare-" + (i ? "b" : "a"), "aria-label": "outlet " + (i + 1) }, pick);
      for (const o of outlets) {
        const opt = el("option", { value: o }, sel, o);
        if (o === value) opt.selected = true;
      }
      return sel;
    });
    for (const sel of selects) {
      sel.addEventListener("change", () => {
        state.compare = { story: story.story_id, outlets: selects.map((x) => x.value) };
        renderStories();
      });
    }
    const cols = el("div", { class: "sidebyside", id: "story-columns" }, detail);
    const framing = story.framing && story.framing.outlets ? story.framing.outlets : {};
    for (const outlet of chosen) {
      const col = el("div", { class: "outletcol" }, cols);
      el("h4", {}, col, outlet);
      const kinds = (story.documents || []).filter((d) => (d.outlet || "(unknown)") === outlet)
        .map((d) => d.is_copy ? "copy" : d.source_kind).filter(Boolean);
      if (kinds.length) el("div", { class: "cardmeta" }, col, "source kind: " + [...new Set(kinds)].join(", "));
      const prof = framing[outlet];
      if (prof) {
        const box = el("div", { class: "framing" }, col);
        el("div", {}, box, `tone overall ${prof.tone_overall} · loaded terms ${prof.loaded_per_1000_words}/1,000 words · attributed ${Math.round(100 * prof.share_attributed)}%`);
        const tones = Object.entries(prof.tone).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, 5);
        if (tones.length) el("div", { class: "cardmeta" }, box, "tone toward: " + tones.map(([c, v]) => `${c} ${v > 0 ? "+" : ""}${v}`).join(", "));
        const terms = Object.keys(prof.top_loaded_terms || {});
        if (terms.length) el("div", { class: "cardmeta" }, box, "loaded terms: " + terms.slice(0, 6).join(", "));
      }
      for (const e of byOutlet.get(outlet) || []) {
        const card = el("div", { class: "card" }, col);
        el("div", { class: "cardmeta" }, card, `${e.date} · ${e.type} · ${e.modality}` + (e.attr ? ` · per ${e.attr}` : ""));
        el("p", {}, card, e.sentence);
        const open = el("button", { type: "button", class: "linkish" }, card, "open article");
        open.addEventListener("click", () => showDocument(e));
      }
    }
  }

  function renderStoryDocuments(story, parent) {
    const list = el("ul", { class: "storydocs", id: "story-documents" }, parent);
    for (const d of story.documents) {
      const li = el("li", { class: d.is_copy ? "copy" : "" }, list);
      el("span", { class: "kind" }, li, d.is_copy ? "copy" : (d.source_kind || "?"));
      li.appendChild(document.createTextNode(` ${d.outlet || "(unknown)"} · ${d.published || "no date"} · ${d.title || d.doc_id}`));
      if (d.is_copy) {
        const orig = (story.documents.find((x) => x.doc_id === d.duplicate_of) || {}).outlet || d.duplicate_of;
        el("small", { class: "copyof" }, li, ` — republished copy of ${orig}` +
          (d.duplicate_similarity != null ? ` (similarity ${d.duplicate_similarity})` : ""));
      }
    }
  }

  function renderMergedEvents(story, parent) {
    const merged = story.merged_events.filter((m) => m.mentions > 1);
    el("h4", {}, parent, `Merged events (${merged.length} reported more than once)`);
    if (!merged.length) return;
    const table = el("table", { class: "merged", id: "merged-events" }, parent);
    const head = el("tr", {}, el("thead", {}, table));
    for (const h of ["type", "source → target", "mentions", "outlets", "dates", "modalities"]) el("th", {}, head, h);
    const tbody = el("tbody", {}, table);
    for (const m of merged.slice(0, 15)) {
      const tr = el("tr", {}, tbody);
      el("td", {}, tr, m.type);
      el("td", {}, tr, `${codes(m.source_codes)} → ${codes(m.target_codes)}`);
      el("td", { class: "num mentions" }, tr, m.mentions);
      el("td", {}, tr, m.sources.join(", "));
      el("td", { class: m.conflicting_dates ? "conflict" : "" }, tr, m.dates.join(", ") || "–");
      el("td", { class: m.conflicting_modalities ? "conflict" : "" }, tr, m.modalities.join(", "));
    }
  }

  // -- outlets -----------------------------------------------------------------------------
  function renderOutlets() {
    const body = clear($("outlets-body"));
    const table = el("table", { class: "outlets" }, body);
    const head = el("tr", {}, el("thead", {}, table));
    for (const h of ["outlet", "documents", "events", "events by QuadClass", "top targets of conflict events",
      "tone", "loaded terms / 1,000 words", "claims attributed", "top loaded terms"]) el("th", {}, head, h);
    const tbody = el("tbody", {}, table);
    for (const o of DATA.outlets) {
      const tr = el("tr", { class: state.filters.outlet === o.outlet ? "selected" : "" }, tbody);
      const name = el("td", {}, tr);
      const b = el("button", { type: "button", class: "linkish" }, name, o.outlet);
      b.addEventListener("click", () => setFilter("outlet", state.filters.outlet === o.outlet ? null : o.outlet));
      el("td", { class: "num" }, tr, o.documents);
      el("td", { class: "num" }, tr, o.events);
      const bar = el("td", {}, tr);
      const s = svg("svg", { viewBox: "0 0 300 16", class: "sharebar", preserveAspectRatio: "none" }, bar);
      let x = 0;
      for (const q of ["1", "2", "3", "4"]) {
        const w = 300 * (o.share_by_quad_class[q] || 0);
        if (w > 0) {
          const r = svg("rect", { x, y: 0, width: w, height: 16, fill: QUAD[q].color }, s);
          svg("title", {}, r, `${QUAD[q].name}: ${o.by_quad_class[q]} (${Math.round(100 * o.share_by_quad_class[q])}%)`);
        }
        x += w;
      }
      el("td", {}, tr, o.top_conflict_targets.map((t) => `${t.code} (${t.events})`).join(", ") || "–");
      const f = o.framing;
      el("td", { class: "num" }, tr, f ? f.tone_overall : "–");
      el("td", { class: "num" }, tr, f ? f.loaded_per_1000_words : "–");
      el("td", { class: "num" }, tr, f ? Math.round(100 * f.share_attributed) + "%" : "–");
      el("td", {}, tr, f ? Object.keys(f.top_loaded_terms || {}).slice(0, 4).join(", ") || "–" : "–");
    }
    const legend = el("div", { class: "legend" }, body);
    for (const q of [1, 2, 3, 4]) {
      el("span", { class: "swatch", style: "background:" + QUAD[q].color }, legend);
      legend.appendChild(document.createTextNode(q + " " + QUAD[q].name + "  "));
    }
    el("span", { class: "note" }, legend, "click an outlet to filter; store-wide figures");
  }

  function render() {
    renderFilters();
    renderTimeline();
    renderNetwork();
    renderMap();
    renderTable();
    renderOutlets();
  }

  async function main() {
    const root = $("app");
    const embedded = $("eventwire-data");
    try {
      if (embedded) {
        DATA = JSON.parse(embedded.textContent);
        REPORT = true;
      } else {
        const resp = await fetch("/api/bundle");
        if (!resp.ok) throw new Error("GET /api/bundle: HTTP " + resp.status + " " + (await resp.text()));
        DATA = await resp.json();
      }
    } catch (err) {
      clear(root);
      el("p", { class: "error" }, root, "eventwire: cannot load data: " + err.message);
      return;
    }
    buildLayout(root);
    render();
    renderStories();
    el("p", { class: "empty" }, clear($("document-body")), "Click an event in the table to read its article with the evidence marked.");
    document.body.setAttribute("data-ready", "1");
  }

  window.addEventListener("DOMContentLoaded", main);
})();
