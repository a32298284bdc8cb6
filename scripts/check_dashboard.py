"""Drives the chainlens dashboard in headless Chromium (stdlib only): starts
`chainlens serve --chains examples/chains` on a free loopback port, loads the page for two importers with
`#selftest` (which also runs the scenario form with its defaults and exports the
scatter as SVG into the page), and checks the page against the API's own answers:

* the scatter has one mark per good of the importer, in the page and in the SVG export;
* the category-1 table's first rows are the importer's category-1 goods, most
  vulnerable first;
* the map of supplier dominance colours a country per supplier of the importer (the
  API's suppliers that world-atlas draws) on the grey world, the map of political
  distance one per country with a distance, the suppliers table starts with the API's
  largest suppliers and their distances, and the map's PNG export is a PNG;
* the scenario losses table's first rows are the API's importers by value lost, and the
  losses map draws the world and the importers' losses;
* the exposure section lists the API's industries, most exposed first, with a bar per
  industry and measure (or, for an importer the table lacks, the API's message);
* the GVC section lists the API's economies by gross exports and draws a mark per economy;
* the restructuring section lists the API's gainers of China's lost shares between the
  data's first and last year, and draws the supplier slope chart;
* the regional chain section draws the API's chain map (every shape and label of its
  SVG) and lists the API's diagnosis, segment by segment;
* a screenshot shows the charts (ink and the bar colour);
* the `--report` pages of vulnerability, risk, a scenario, exposure, gvc, gravity ge-io and shift draw their charts offline
  from a file (`file://`, no server).

Usage: python3 check_dashboard.py CHAINLENS_BINARY
"""

import base64
import html.parser
import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
CHAINS = os.path.join(HERE, "..", "examples", "chains")

# The TOML the scenario form builds from its default fields (dashboard/app.js).
SCENARIO = """[scenario]
name = "Exports cut"

[[restriction]]
exporters = ["CHN"]
goods = ["intermediate"]
cut = 0.5000

[resourcing]
allowed = true
cap = 0.2000
"""


def start(binary):
    env = dict(os.environ, CHAINLENS_NO_REEXEC="1")
    server = subprocess.Popen(
        [binary, "serve", "--bind", "127.0.0.1:0", "--chains", CHAINS],
        stderr=subprocess.PIPE, text=True, env=env)
    for line in server.stderr:
        if line.startswith("chainlens listening on http://"):
            addr = line.split("http://")[1].split(" ")[0]
            # Keep reading the request log so the server never blocks on a full pipe.
            threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
            return server, addr
    sys.exit("chainlens serve stopped before listening")


def api(addr, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    with urllib.request.urlopen(f"http://{addr}{path}", data=data, timeout=120) as r:
        return json.load(r)


class Page(html.parser.HTMLParser):
    """The parts of the dashboard's DOM the checks read."""

    def __init__(self):
        super().__init__()
        self.attrs, self.tables, self.table, self.row, self.cell = {}, {}, None, None, None
        self.svg, self.in_svg, self.failure = "", False, ""
        self.png, self.in_png = "", False
        self.in_failure = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.attrs[a["id"]] = a
        if tag == "body":
            self.attrs["body"] = a
        if tag == "table":
            self.table = a.get("id")
            self.tables[self.table] = []
        elif tag == "tr" and self.table:
            self.row = []
        elif tag == "td" and self.row is not None:
            self.cell = ""
        elif tag == "textarea" and a.get("id") == "scatter-svg":
            self.in_svg = True
        elif tag == "textarea" and a.get("id") == "suppliers-map-png":
            self.in_png = True
        elif a.get("id") == "failure":
            self.in_failure = True

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row:
            self.tables[self.table].append(self.row)
            self.row = None
        elif tag == "table":
            self.table = None
        elif tag == "textarea":
            self.in_svg = self.in_png = False
        elif tag == "p":
            self.in_failure = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.in_svg:
            self.svg += data
        if self.in_png:
            self.png += data
        if self.in_failure:
            self.failure += data


def chromium(*args):
    return subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--virtual-time-budget=120000", *args],
        capture_output=True, text=True, timeout=300).stdout


def check(addr, importer, losses, work):
    url = f"http://{addr}/#selftest&importer={importer}"
    dom = chromium("--dump-dom", url)
    page = Page()
    page.feed(dom)
    ready = page.attrs.get("body", {}).get("data-ready")
    if ready != "1":
        sys.exit(f"{importer}: the page did not finish (data-ready={ready}): {page.failure}")
    products = api(addr, f"/api/v1/vulnerability/{importer}")["tables"]["products"]
    points = int(page.attrs["scatter"]["data-points"])
    if points != len(products):
        sys.exit(f"{importer}: {points} marks in the scatter for {len(products)} goods")
    svg = ET.fromstring(page.svg)
    symbols = [g for g in svg.iter("{http://www.w3.org/2000/svg}g")
               if "mark-symbol" in g.get("class", "") and "role-mark" in g.get("class", "")]
    exported = sum(len(list(g.iter("{http://www.w3.org/2000/svg}path"))) for g in symbols)
    if exported != len(products):
        sys.exit(f"{importer}: the SVG export has {exported} marks for {len(products)} goods")
    category1 = sorted((p for p in products if p["category"] == 1),
                       key=lambda p: -p["vulnerability"])
    shown = [row[0] for row in page.tables["cat1"][:5]]
    if shown != [p["hs6"] for p in category1[:5]]:
        sys.exit(f"{importer}: category-1 table starts {shown}, the API {category1[:5]}")
    shown = [row[0] for row in page.tables["losses"][:5]]
    if shown != losses:
        sys.exit(f"{importer}: losses table starts {shown}, the API {losses}")
    check_maps(addr, importer, page, dom)
    check_exposure(addr, importer, page, dom)
    check_shift(addr, importer, page, dom)
    check_gvc(addr, page, dom)
    check_chain(addr, importer, page, dom)
    map_part = dom[dom.index('id="losses-map"'):dom.index('id="losses"')]
    shapes = map_part.count("<path")
    if shapes < 200:
        sys.exit(f"{importer}: the losses map has {shapes} shapes (countries and their losses)")
    shot = os.path.join(work, f"{importer}.png")
    chromium("--window-size=1400,1800", f"--screenshot={shot}", url)
    subprocess.run([sys.executable, os.path.join(HERE, "check_png.py"), shot, "0.02", "#4c78a8"],
                   check=True)
    print(f"{importer}: {points} marks, {len(category1)} category-1 goods, losses table and SVG export match")


def world_ids():
    """The ISO numeric ids of the countries world-atlas draws."""
    path = os.path.join(HERE, "..", "crates", "chainlens-server", "dashboard", "vendor",
                        "countries-110m.json")
    with open(path) as f:
        return [g.get("id") for g in json.load(f)["objects"]["countries"]["geometries"]]


def check_map(importer, dom, start, end, spec, name):
    """A map's part of the page has a shape per country of the world plus one per country
    of its coloured layer that world-atlas draws."""
    ids = world_ids()
    coloured = [v for v in spec["layer"][1]["transform"][0]["from"]["data"]["values"]
                if v["id"] in ids]
    part = dom[dom.index(f'id="{start}"'):dom.index(f'id="{end}"')]
    shapes = part.count("<path")
    if not coloured or shapes < len(ids) + len(coloured):
        sys.exit(f"{importer}: the {name} map has {shapes} shapes for {len(ids)} countries "
                 f"and {len(coloured)} coloured ones")
    return len(coloured)


def check_maps(addr, importer, page, dom):
    """The maps of supplier dominance and political distance, the suppliers table and
    the PNG export of the supplier map."""
    answer = api(addr, f"/api/v1/vulnerability/{importer}?charts=vega-lite")
    suppliers = check_map(importer, dom, "suppliers-map", "distance-map",
                          answer["meta"]["charts"]["suppliers_map"], "supplier dominance")
    distance = api(addr, "/api/v1/political-distance?charts=vega-lite", {"importer": importer})
    distances = check_map(importer, dom, "distance-map", "distance-note",
                          distance["meta"]["charts"]["map"], "political distance")
    by_iso3 = {r["iso3"]: f'{r["distance"]:.3f}' for r in distance["tables"]["political_distance"]}
    want = [[s["iso3"], by_iso3.get(s["iso3"], "")] for s in answer["tables"]["suppliers"][:15]]
    shown = [[row[0], row[-1]] for row in page.tables["suppliers"]]
    if shown != want:
        sys.exit(f"{importer}: suppliers table {shown[:3]}..., the API {want[:3]}...")
    prefix = "data:image/png;base64,"
    if not page.png.startswith(prefix) or \
            not base64.b64decode(page.png[len(prefix):]).startswith(b"\x89PNG\r\n\x1a\n"):
        sys.exit(f"{importer}: the supplier map's PNG export is not a PNG: {page.png[:40]}")
    print(f"{importer}: maps colour {suppliers} suppliers and {distances} countries by distance")


def check_exposure(addr, importer, page, dom):
    """The exposure section: the API's industries, most exposed first, and the bar chart;
    or, for an importer the table does not have, the API's own message."""
    try:
        answer = api(addr, "/api/v1/exposure", {"country": importer})
    except urllib.error.HTTPError as e:
        message = json.load(e)["error"]
        note = dom[dom.index('id="exposure-note"'):].split("</p>")[0]
        if message not in html.unescape(note):
            sys.exit(f"{importer}: the exposure note does not say `{message}`: {note}")
        return
    rows = sorted(answer["tables"]["industries"],
                  key=lambda r: (-r["category1_share_total"], r["industry"]))
    shown = [row[0] for row in page.tables["exposure-table"]]
    if shown != [r["industry"] for r in rows]:
        sys.exit(f"{importer}: exposure table {shown}, the API {[r['industry'] for r in rows]}")
    chart = dom[dom.index('id="exposure-chart"'):dom.index('id="exposure-table"')]
    bars = chart.count("<path")
    if bars < 2 * len(rows):
        sys.exit(f"{importer}: the exposure chart has {bars} marks for {len(rows)} industries")


def check_shift(addr, importer, page, dom):
    """The restructuring section: the API's gainers of CHN's lost shares between the data's
    first and last year, and the slope chart with two points per supplier."""
    info = api(addr, "/api/v1/trade/info")
    years = info["meta"]["years"]
    body = {"base": str(years[0]), "compare": str(years[-1]), "importers": [importer],
            "exporter": "CHN"}
    answer = api(addr, "/api/v1/shift?charts=vega-lite", body)
    gainers = [g["gainer"] for g in answer["tables"]["gainers"][:15]]
    shown = [row[0] for row in page.tables["shift-gainers"]]
    if shown != gainers:
        sys.exit(f"{importer}: shift gainers {shown}, the API {gainers}")
    points = len(answer["meta"]["charts"]["suppliers"]["data"]["values"])
    chart = dom[dom.index('id="shift-suppliers"'):dom.index('id="shift-indices"')]
    circles = chart.count("<path")
    if points == 0 or circles < points:
        sys.exit(f"{importer}: the supplier slope chart has {circles} marks for {points} points")


def check_chain(addr, importer, page, dom):
    """The chain section: the first chain's map as the API draws it, and its diagnosis."""
    chain = api(addr, "/api/v1/datasets")["meta"]["chains"][0]
    answer = api(addr, f"/api/v1/chains/{chain}/diagnose", {})
    segments = [d["segment"] for d in answer["tables"]["diagnosis"]]
    shown = [row[0] for row in page.tables["chain-diagnosis"]]
    if not segments or shown != segments:
        sys.exit(f"{importer}: chain diagnosis {shown}, the API {segments}")
    part = dom[dom.index('id="chain-map"'):dom.index('id="chain-csv"')]
    svg = answer["meta"]["map_svg"]
    for shape in ["<text", "<rect", "<path", "<line"]:
        if part.count(shape) != svg.count(shape):
            sys.exit(f"{importer}: the chain map shows {part.count(shape)} {shape}> "
                     f"of the API's {svg.count(shape)}")
    print(f"{importer}: chain {chain}: map with {svg.count('<text')} labels, "
          f"{len(segments)} segments diagnosed")


def check_gvc(addr, page, dom):
    """The GVC section: the API's economies by gross exports, and a mark per economy in
    the position chart."""
    answer = api(addr, "/api/v1/gvc?charts=vega-lite", {})
    rows = sorted(answer["tables"]["country"], key=lambda r: (-r["gross_exports"], r["country"]))
    shown = [row[0] for row in page.tables["gvc-table"]]
    if shown != [r["country"] for r in rows[:25]]:
        sys.exit(f"gvc table {shown}, the API {[r['country'] for r in rows[:25]]}")
    chart = dom[dom.index('id="gvc-position"'):dom.index('id="gvc-paradox"')]
    marks = chart.count("<path")
    if marks < len(rows):
        sys.exit(f"the GVC position chart has {marks} marks for {len(rows)} economies")


def check_reports(binary, work):
    env = dict(os.environ, CHAINLENS_NO_REEXEC="1")
    scenario = os.path.join(HERE, "..", "examples", "scenarios", "china-intermediates-2pt.toml")
    commands = {
        "vulnerability": ["vulnerability", "--importer", "KOR"],
        "risk": ["risk"],
        "scenario": ["scenario", "run", scenario],
        "exposure": ["exposure", "--country", "CHN", "--goods", "85"],
        "gvc": ["gvc"],
        "ge-io": ["gravity", "ge-io", "--scenario",
                  os.path.join(HERE, "..", "examples", "gravity", "ge_io_synthetic_blocs.toml")],
        "shift": ["shift", "--base", "2017-2018", "--compare", "2022-2023", "--importer", "USA",
                  "--exporter", "CHN", "--origin", "CHN", "--via", "VNM", "--to", "USA"],
    }
    for name, args in commands.items():
        folder = os.path.join(work, name)
        subprocess.run([binary, *args, "--report", folder], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dom = chromium("--dump-dom", f"file://{folder}/report.html")
        page = Page()
        page.feed(dom)
        drawn = [k for k, a in page.attrs.items() if k.startswith("chart-") and "spec" not in k]
        shot = os.path.join(work, f"{name}-report.png")
        chromium("--window-size=1200,1400", f"--screenshot={shot}", f"file://{folder}/report.html")
        subprocess.run([sys.executable, os.path.join(HERE, "check_png.py"), shot, "0.02"], check=True)
        if dom.count("<svg") < len(drawn) or "chart libraries are missing" in dom.split("<script")[0]:
            sys.exit(f"{name} report: its {len(drawn)} charts were not drawn")
        print(f"{name} report: {len(drawn)} chart(s) drawn from a file")


def main():
    server, addr = start(sys.argv[1])
    try:
        scenario = api(addr, "/api/v1/scenario", {"toml": SCENARIO, "label": "dashboard scenario"})
        rows = sorted(scenario["tables"]["importers"], key=lambda r: (-r["lost"], r["iso3"]))
        losses = [r["iso3"] for r in rows[:5]]
        with tempfile.TemporaryDirectory() as work:
            for importer in ["CHN", "KOR"]:
                check(addr, importer, losses, work)
            check_reports(sys.argv[1], work)
    finally:
        server.terminate()
        server.wait()


main()
