// The chainlens dashboard: picks an importer, shows its four-category scatter, chapter
// ranking and category-1 goods, the exposure of its industries (when the server has an
// input-output table), the restructuring of its supply between two windows (supplier
// slope chart, sourcing indices, who gained what a named supplier lost), the GVC
// participation and position of the table's economies and the paradox chart (when the
// server has a table), the risk ranking, and runs scenarios. Every number and
// every chart specification comes from the API (charts as Vega-Lite, drawn by
// vega-embed when the server has it built in); this file only lays them out.
// `#token=T` sends a bearer token; `#importer=ISO3` picks the importer; `#selftest` also
// runs the scenario form and puts the scatter's SVG export into the page (browser test).
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
    await showImporter(iso3);
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
