// The chainlens dashboard: picks an importer, shows its four-category scatter, chapter
// ranking and category-1 goods, maps of its suppliers' shares (with their world dominance)
// and of its political distance to every country, the exposure of its industries (when the server has an
// input-output table), the restructuring of its supply between two windows (supplier
// slope chart, sourcing indices, who gained what a named supplier lost), the GVC
// participation and position of the table's economies and the paradox chart (when the
// server has a table), the risk ranking, the map and diagnosis of a regional chain (when
// the server opened chains), and runs scenarios. Every number and
// every chart specification comes from the API (charts as Vega-Lite, drawn by
// vega-embed when the server has it built in); this file only lays them out.
// `#token=T` sends a bearer token; `#importer=ISO3` picks the importer; `#chain=NAME` the chain; `#selftest` also
// runs the scenario form and puts the scatter's SVG export and the supplier map's PNG
// export into the page (browser test).
"use strict";

const options = new URLSearchParams(location.hash.slice(1));
const token = options.get("token");
const views = {};

async function call(path, body) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  const init = body === undefined ? { headers } : { method: "POST", headers, body: JSON.stringify(body) };
  const response = await fetch(path, init);
  if (!response.ok) {
    const e = await response.json().catch(() => ({ error: response.statusText }));
    throw new Error(e.error + (e.field ? ` (field ${e.field})` : "") + (e.hint ? `\nhint: ${e.hint}` : ""));
  }
  return path.includes("format=csv") ? response.text() : response.json();
}

function save(text, name, type) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
}

function csvButton(id, path, body, name) {
  const element = document.getElementById(id);
  element.href = "#";
  element.onclick = async (event) => {
    event.preventDefault();
    save(await call(path, body), name, "text/csv");
  };
}

async function draw(id, spec) {
  if (!window.vegaEmbed) return;
  const result = await vegaEmbed("#" + id, spec, { renderer: "svg", actions: false, mode: "vega-lite" });
  views[id] = result.view;
}

const usdMillions = (v) => (v / 1e6).toLocaleString("en-US", { maximumFractionDigits: 1 });
const fixed = (v) => (v === null ? "" : v.toFixed(4));

function fill(tableId, rows, cells) {
  const body = document.querySelector(`#${tableId} tbody`);
  body.replaceChildren(...rows.map((row) => {
    const tr = document.createElement("tr");
    for (const [value, numeric] of cells(row)) {
      const td = document.createElement("td");
      td.textContent = value;
      if (numeric) td.className = "n";
      tr.append(td);
    }
    return tr;
  }));
}

async function showImporter(iso3) {
  const path = `/api/v1/vulnerability/${iso3}`;
  const answer = await call(`${path}?charts=vega-lite`);
  document.querySelectorAll(".importer-name").forEach((e) => (e.textContent = iso3));
  await draw("scatter", answer.meta.charts.scatter);
  await draw("chapters", answer.meta.charts.chapters);
  const points = document.querySelectorAll("#scatter .mark-symbol.role-mark path").length;
  document.getElementById("scatter").dataset.points = points;
  const cat1 = answer.tables.products
    .filter((p) => p.category === 1)
    .sort((a, b) => b.vulnerability - a.vulnerability);
  document.getElementById("cat1-count").textContent = cat1.length;
  fill("cat1", cat1, (p) => [[p.hs6], [p.description], [usdMillions(p.import_value), true],
    [fixed(p.centrality), true], [fixed(p.concentration), true], [fixed(p.vulnerability), true]]);
  csvButton("scatter-csv", `${path}?format=csv&table=products`, undefined, `${iso3}-products.csv`);
  csvButton("chapters-csv", `${path}?format=csv&table=chapters`, undefined, `${iso3}-chapters.csv`);
  csvButton("cat1-csv", `${path}?format=csv&table=products`, undefined, `${iso3}-products.csv`);
  return answer;
}

// The maps of the importer's suppliers (from its vulnerability answer) and of its political
// distance to every country, and the largest suppliers with both.
async function showMaps(iso3, vulnerability) {
  const path = `/api/v1/vulnerability/${iso3}`;
  const suppliers = vulnerability.tables.suppliers;
  csvButton("suppliers-csv", `${path}?format=csv&table=suppliers`, undefined, `${iso3}-suppliers.csv`);
  await draw("suppliers-map", vulnerability.meta.charts.suppliers_map);
  const body = { importer: iso3 };
  const distance = {};
  const note = document.getElementById("distance-note");
  note.textContent = "";
  try {
    const answer = await call("/api/v1/political-distance?charts=vega-lite", body);
    answer.tables.political_distance.forEach((r) => (distance[r.iso3] = r.distance));
    csvButton("distance-csv", "/api/v1/political-distance?format=csv", body, `${iso3}-political-distance.csv`);
    await draw("distance-map", answer.meta.charts.map);
  } catch (error) {
    note.textContent = String(error.message || error);
    document.getElementById("distance-map").replaceChildren();
  }
  fill("suppliers", suppliers.slice(0, 15), (s) => [[s.iso3], [usdMillions(s.import_value), true],
    [percent(s.import_share), true], [s.goods, true], [s.top1, true], [s.high_centrality_top1, true],
    [s.high_centrality_top3, true], [s.iso3 in distance ? distance[s.iso3].toFixed(3) : "", true]]);
}

const percent = (v) => (100 * v).toFixed(1) + " %";

async function showExposure(iso3) {
  const body = { country: iso3 };
  let answer;
  try {
    answer = await call("/api/v1/exposure?charts=vega-lite", body);
  } catch (error) {
    document.getElementById("exposure-note").textContent = String(error.message || error);
    document.getElementById("exposure-table").querySelector("tbody").replaceChildren();
    document.getElementById("exposure-chart").replaceChildren();
    return;
  }
  const link = answer.meta.link;
  document.getElementById("exposure-note").textContent =
    `goods reach industries through ${link.concordance} (${link.industry_scheme})` +
    (answer.meta.synthetic ? "; SYNTHETIC data" : "");
  const rows = [...answer.tables.industries]
    .sort((a, b) => b.category1_share_total - a.category1_share_total || a.industry.localeCompare(b.industry));
  fill("exposure-table", rows, (r) => [[r.industry], [r.imported_inputs.toFixed(1), true],
    [percent(r.category1_share_direct), true], [percent(r.category1_share_total), true], [r.top_goods]]);
  csvButton("exposure-csv", "/api/v1/exposure?format=csv&table=industries", body, `${iso3}-industries.csv`);
  await draw("exposure-chart", answer.meta.charts.industries);
}

async function showShift(iso3) {
  const form = document.getElementById("shift-form");
  const body = {
    base: form.base.value, compare: form.compare.value, importers: [iso3],
    exporter: form.exporter.value.trim() || null,
  };
  let answer;
  try {
    answer = await call("/api/v1/shift?charts=vega-lite", body);
  } catch (error) {
    document.getElementById("shift-note").textContent = String(error.message || error);
    document.getElementById("shift-gainers").querySelector("tbody").replaceChildren();
    return;
  }
  document.getElementById("shift-note").textContent =
    answer.meta.notes.join("; ") + (answer.meta.synthetic ? "; SYNTHETIC data" : "");
  document.getElementById("shift-loser").textContent = body.exporter || "(no supplier named)";
  const gainers = (answer.tables.gainers || []).slice(0, 15);
  fill("shift-gainers", gainers, (g) => [[g.gainer], [g.goods, true], [usdMillions(g.value_taken), true]]);
  csvButton("shift-csv", "/api/v1/shift?format=csv&table=suppliers", body, `${iso3}-suppliers.csv`);
  await draw("shift-suppliers", answer.meta.charts.suppliers);
  await draw("shift-indices", answer.meta.charts.indices);
}

async function showGvc() {
  const answer = await call("/api/v1/gvc?charts=vega-lite", {});
  const m = answer.meta;
  document.getElementById("gvc-note").textContent =
    (m.inventory_corrected ? "upstreamness net of inventories" : "upstreamness as plain row sums") +
    (m.paradox_missing ? `; no paradox table: ${m.paradox_missing}` : "");
  const rows = [...answer.tables.country]
    .sort((a, b) => b.gross_exports - a.gross_exports || a.country.localeCompare(b.country))
    .slice(0, 25);
  fill("gvc-table", rows, (r) => [[r.country], [r.gross_exports.toFixed(0), true],
    [percent(r.gvc_participation), true], [fixed(r.gvc_position), true], [fixed(r.upstreamness), true]]);
  csvButton("gvc-csv", "/api/v1/gvc?format=csv&table=country", {}, "gvc-country.csv");
  await draw("gvc-position", m.charts.position);
  if (m.charts.paradox) await draw("gvc-paradox", m.charts.paradox);
}

function showRisk(answer) {
  const rows = [...answer.tables.risk].sort((a, b) => a.rank_total - b.rank_total).slice(0, 25);
  fill("risk-table", rows, (r) => [[r.iso3], [fixed(r.r_econ), true], [fixed(r.r_pol), true],
    [fixed(r.r_total), true], [r.rank_econ, true], [r.rank_total, true], [r.rank_shift, true]]);
  csvButton("risk-csv", "/api/v1/risk?format=csv", {}, "risk.csv");
  return draw("risk-chart", answer.meta.charts.risk);
}

// A regional chain the server opened: its map (SVG drawn by the server) and the
// diagnosis of its segments.
async function showChain(name) {
  const path = `/api/v1/chains/${encodeURIComponent(name)}/diagnose`;
  const answer = await call(path, {});
  const svg = new DOMParser().parseFromString(answer.meta.map_svg, "image/svg+xml").documentElement;
  document.getElementById("chain-map").replaceChildren(svg);
  document.getElementById("chain-note").textContent = answer.meta.warnings.join("; ");
  fill("chain-diagnosis", answer.tables.diagnosis, (d) => [[d.segment], [d.local_firms, true],
    [d.local_capacity.toFixed(1), true], [d.inbound_value.toFixed(1), true], [d.suppliers, true],
    [percent(d.foreign_share), true], [d.actions], [d.reasons]]);
  csvButton("chain-csv", `${path}?format=csv&table=diagnosis`, {}, `${name}-diagnosis.csv`);
  document.getElementById("chain-svg").onclick = () =>
    save(answer.meta.map_svg, `${name}-map.svg`, "image/svg+xml");
  document.getElementById("chain-png").onclick = () => savePng(svg, `${name}-map.png`);
}

// Draws an SVG element on a canvas and saves it as PNG.
function savePng(svg, name) {
  const image = new Image();
  const box = svg.viewBox.baseVal;
  image.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = 2 * (box.width || svg.clientWidth);
    canvas.height = 2 * (box.height || svg.clientHeight);
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const link = document.createElement("a");
    link.href = canvas.toDataURL("image/png");
    link.download = name;
    link.click();
  };
  image.src = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: "image/svg+xml" }));
}

function scenarioToml(form) {
  const list = (text) => text.split(/[\s,]+/).filter(Boolean);
  const number = (text) => Number(text).toFixed(4);
  const importers = list(form.importers.value);
  return [
    "[scenario]",
    `name = ${JSON.stringify(form.name.value)}`,
    "",
    "[[restriction]]",
    `exporters = ${JSON.stringify(list(form.exporters.value))}`,
    ...(importers.length ? [`importers = ${JSON.stringify(importers)}`] : []),
    `goods = ${JSON.stringify(list(form.goods.value))}`,
    `cut = ${number(form.cut.value)}`,
    "",
    "[resourcing]",
    "allowed = true",
    `cap = ${number(form.cap.value)}`,
    "",
  ].join("\n");
}

async function runScenario() {
  const request = { toml: scenarioToml(document.getElementById("scenario-form")), label: "dashboard scenario" };
  const answer = await call("/api/v1/scenario?charts=vega-lite", request);
  const m = answer.meta;
  document.getElementById("scenario-summary").textContent =
    `${m.name}: ${usdMillions(m.lost)} m USD a year lost, ${usdMillions(m.resourced)} m re-sourced, ` +
    `${usdMillions(m.unmet)} m unmet` + (m.synthetic ? " (SYNTHETIC data)" : "");
  const rows = [...answer.tables.importers].sort((a, b) => b.lost - a.lost || a.iso3.localeCompare(b.iso3)).slice(0, 25);
  fill("losses", rows, (r) => [[r.iso3], [usdMillions(r.imports_before), true], [usdMillions(r.lost), true],
    [usdMillions(r.resourced), true], [usdMillions(r.unmet), true], [r.category_changes, true]]);
  document.getElementById("losses-csv").onclick = async () =>
    save(await call("/api/v1/scenario?format=csv&table=importers", request), "importers.csv", "text/csv");
  await draw("losses-chart", m.charts.losses);
  await draw("losses-map", m.charts.losses_map);
}

async function main() {
  document.getElementById("no-charts").hidden = Boolean(window.vegaEmbed);
  document.querySelectorAll("[data-svg]").forEach((button) => {
    button.onclick = async () => {
      const view = views[button.dataset.svg];
      if (view) save(await view.toSVG(), button.dataset.svg + ".svg", "image/svg+xml");
    };
  });
  document.querySelectorAll("[data-png]").forEach((button) => {
    button.onclick = async () => {
      const view = views[button.dataset.png];
      if (!view) return;
      const link = document.createElement("a");
      link.href = await view.toImageURL("png", 2);
      link.download = button.dataset.png + ".png";
      link.click();
    };
  });
  const datasets = await call("/api/v1/datasets");
  const trade = datasets.meta.trade;
  document.getElementById("dataset").textContent = trade && trade.synthetic
    ? "embedded SYNTHETIC data: the figures illustrate the method, not the world"
    : "trade data opened by the server";
  const risk = await call("/api/v1/risk?charts=vega-lite", {});
  const importers = risk.tables.risk.map((r) => r.iso3).filter((c) => c.length === 3).sort();
  const select = document.getElementById("importer");
  select.replaceChildren(...importers.map((c) => new Option(c, c)));
  select.value = options.get("importer") || (importers.includes("CHN") ? "CHN" : importers[0]);
  const info = await call("/api/v1/trade/info");
  const shiftForm = document.getElementById("shift-form");
  shiftForm.base.value = String(info.meta.years[0]);
  shiftForm.compare.value = String(info.meta.years[info.meta.years.length - 1]);
  const withTable = Boolean(datasets.meta.table);
  document.getElementById("exposure").hidden = !withTable;
  document.getElementById("gvc").hidden = !withTable;
  const show = async (iso3) => {
    await showMaps(iso3, await showImporter(iso3));
    if (withTable) await showExposure(iso3);
    await showShift(iso3);
  };
  shiftForm.onsubmit = (event) => {
    event.preventDefault();
    showShift(select.value).catch(fail);
  };
  select.onchange = () => show(select.value).catch(fail);
  await show(select.value);
  await showRisk(risk);
  if (withTable) await showGvc();
  const chains = datasets.meta.chains;
  document.getElementById("chains").hidden = chains.length === 0;
  if (chains.length) {
    const chain = document.getElementById("chain");
    chain.replaceChildren(...chains.map((c) => new Option(c, c)));
    chain.value = options.get("chain") || chains[0];
    chain.onchange = () => showChain(chain.value).catch(fail);
    await showChain(chain.value);
  }
  document.getElementById("scenario-form").onsubmit = (event) => {
    event.preventDefault();
    runScenario().catch(fail);
  };
  if (options.has("selftest")) {
    await runScenario();
    const exported = document.createElement("textarea");
    exported.id = "scatter-svg";
    exported.hidden = true;
    exported.textContent = views.scatter ? await views.scatter.toSVG() : "";
    document.body.append(exported);
    const png = document.createElement("textarea");
    png.id = "suppliers-map-png";
    png.hidden = true;
    png.textContent = views["suppliers-map"] ? await views["suppliers-map"].toImageURL("png") : "";
    document.body.append(png);
  }
  document.body.dataset.ready = "1";
}

function fail(error) {
  const element = document.getElementById("failure");
  element.textContent = String(error.message || error);
  element.hidden = false;
  document.body.dataset.ready = "failed";
}

main().catch(fail);
