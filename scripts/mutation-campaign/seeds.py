"""The input kinds of the campaign: for each input chainlens reads, a small valid seed
written here (tiny tables in the real layouts, invented numbers), the file of it that is
mutated, how that file is packaged (plain, gzip, zip member, folder) and the command lines
that read it. `{input}` in a command is the mutated input (file, folder or zip), `{run}`
the run's directory and `{out}` a fresh output directory inside it.
"""

from dataclasses import dataclass, field

# --- Trade tables -------------------------------------------------------------------
BACI_2018 = (
    "t,i,j,k,v,q\n"
    "2018,156,842,854231,1.500,2.000\n"
    "2018,392,842,854231,0.250,NA\n"
    "2018,392,410,281111,4.125,0.026\n"
    "2018,156,842,854232,2.000,1.000\n"
    "2018,410,156,854231,3.000,\"     5.000\"\n"
)
BACI_2019 = (
    "t,i,j,k,v,q\n"
    "2019,156,842,854231,1.750,2.000\n"
    "2019,392,410,281111,3.000,0.030\n"
)
COMTRADE = (
    "refYear,reporterCode,flowCode,partnerCode,partner2Code,cmdCode,aggrLevel,customsCode,motCode,primaryValue,netWgt\n"
    "2018,842,M,156,0,854231,6,C00,0,1500.5,2000\n"
    "2018,842,M,392,0,854231,6,C00,0,500,\n"
    "2018,410,M,392,0,281111,6,C00,0,7000,1000.25\n"
    "2018,842,X,156,0,854231,6,C00,0,10,\n"
    "2018,842,M,0,0,TOTAL,0,C00,0,9000,\n"
)
GENERIC_TRADE = (
    "year,exporter,importer,hs6,value_usd\n"
    "2018,CHN,USA,854231,1500\n"
    "2018,JPN,KOR,281111,4125\n"
    "2018,KOR,CHN,854231,3000\n"
)
COUNTRIES = (
    "code,iso2,iso3,name,aggregate\n"
    "156,CN,CHN,China,false\n"
    "392,JP,JPN,Japan,false\n"
    "410,KR,KOR,Korea,false\n"
    "842,US,USA,United States,false\n"
)

# --- Reference lists of the trade analyses -------------------------------------------
INTERMEDIATE_GOODS = "hs6\n281111\n854231\n392099\n370790\n"
HS_BEC = "HS 2017,BEC,Relationship\n281111,22,1:1\n854231,42,1:1\n392099,22,n:1\n370790,22,1:1\n"
PAIRS = "iso3_a,iso3_b,distance\nUSA,CHN,0.9\nJPN,KOR,0.25\nUSA,JPN,0.1\n"
BLOCS = "iso3,bloc\nUSA,west\nJPN,west\nKOR,west\nCHN,east\n"
CONCORDANCE = "hs,isic_division\n28,20\n85,26\n39,22\n37,20\n854231,26\n"

# --- Scenario and chain files ---------------------------------------------------------
SCENARIO = """\
[scenario]
name = "Japan's export controls on Korea"
description = "HF, polyimide film and photoresist"

[[restriction]]
exporters = ["JPN"]
importers = ["KOR"]
goods = ["281111", "392099", "370790"]
cut = 0.9

[resourcing]
allowed = true
cap = 0.2
"""
CHAIN = """\
[chain]
name = "Steroids, a small town"
region = "Xianju"
country = "CHN"
driver = "producer"
supranational = ["JPN", "KOR"]

[[segment]]
id = "chemicals"
name = "Basic chemicals"
position = "upstream"
hs6 = ["290613"]
value_added_share = 0.25

[[segment]]
id = "apis"
name = "APIs"
position = "midstream"
hs6 = ["293729"]
value_added_share = 0.35

[[segment]]
id = "fpp"
name = "Finished products"
position = "downstream"
hs6 = ["300439"]
value_added_share = 0.4

[[firm]]
id = "sterol"
name = "Sterol supplier"
location = "China"
country = "CHN"
scale = "national"
segment = "chemicals"
role = "supplier"
capacity = 80.0

[[firm]]
id = "api-maker"
name = "API maker"
location = "Xianju"
country = "CHN"
scale = "local"
segment = "apis"
role = "owner"
capacity = 120.0

[[firm]]
id = "pharma"
name = "Pharma"
location = "Xianju"
country = "CHN"
scale = "local"
segment = "fpp"
role = "owner"
capacity = 60.0

[[firm]]
id = "buyer"
name = "Buyer abroad"
location = "Europe"
country = "DEU"
scale = "global"
segment = "fpp"
role = "buyer"

[[link]]
from = "sterol"
to = "api-maker"
good = "290613"
value = 30.0

[[link]]
from = "api-maker"
to = "pharma"
good = "293729"
value = 50.0

[[link]]
from = "api-maker"
to = "buyer"
good = "293729"
value = 70.0
"""
CANDIDATES = (
    "id,name,kind,country,scale,segment,hs6,capacity\n"
    "sterol-hb,Sterol extractor,firm,CHN,national,chemicals,290613,60\n"
    "api-in,API maker in India,firm,IND,global,apis,293729,200\n"
    "lab,Synthesis laboratory,institute,CHN,national,apis,,\n"
    "cdmo,Contract manufacturer,firm,IRL,global,fpp,300439 300490,300\n"
)

# --- Gravity ---------------------------------------------------------------------------
GRAVITY_DATA = (
    "exporter,importer,year,trade,rta\n"
    "A,A,1,8,0\nA,B,1,3,1\nA,C,1,1,0\n"
    "B,A,1,2,1\nB,B,1,9,0\nB,C,1,1,0\n"
    "C,A,1,1,0\nC,B,1,2,0\nC,C,1,7,0\n"
)
GRAVITY_SCENARIO = """\
[scenario]
name = "x"
year = 1
theta = 4.0

[costs]
rta = 0.5

[[change]]
variable = "rta"
value = 1.0
exporters = ["A"]
importers = ["B"]
"""
GRAVITY_BLOC_SCENARIO = """\
[scenario]
name = "halve"
year = 1
theta = 4.0

[[bloc]]
name = "a"
members = ["A"]

[[change]]
between = ["a", "b"]
tariff = -0.5
"""
GRAVITY_BLOCS = "iso3,bloc\nB,b\nC,b\n"
GE_IO_SCENARIO = """\
[scenario]
name = "x"

[[bloc]]
name = "west"
members = ["A"]

[[change]]
exporters = ["west"]
importers = ["B"]
tariff = 0.1
sectors = ["01"]
"""
ELASTICITIES = "sector,theta\n01,4\n02,5.5\n"


# --- Input-output tables: two countries, two sectors, one final-demand category --------
def _icio_numbers():
    """Z, final demand, value added and output of a balanced 4 x 4 table."""
    labels = [("A", "01"), ("A", "02"), ("B", "01"), ("B", "02")]
    z = [[5, 2, 1, 1], [3, 6, 1, 2], [1, 1, 4, 2], [2, 1, 3, 5]]
    y = [[10, 3], [12, 2], [2, 9], [3, 11]]
    x = [sum(z[i]) + sum(y[i]) for i in range(4)]
    va = [x[j] - sum(z[i][j] for i in range(4)) for j in range(4)]
    return labels, z, y, x, va


def oecd_table() -> str:
    """The table in the OECD ICIO layout (`V1`, `<ISO3>_<industry>`, TLS, VA, OUT)."""
    labels, z, y, x, va = _icio_numbers()
    cols = [f"{c}_{s}" for c, s in labels] + ["A_HFCE", "B_HFCE", "OUT"]
    lines = ["V1," + ",".join(cols)]
    for i, (c, s) in enumerate(labels):
        lines.append(",".join([f"{c}_{s}"] + [str(v) for v in z[i] + y[i]] + [str(x[i])]))
    lines.append("TLS," + ",".join(["0"] * 7))
    lines.append("VA," + ",".join([str(v) for v in va] + ["0"] * 3))
    lines.append("OUT," + ",".join([str(v) for v in x] + ["0"] * 3))
    return "\n".join(lines) + "\n"


def generic_table() -> str:
    """The table in chainlens' generic layout (`country,sector`, `VA,<component>`, `OUT,`)."""
    labels, z, y, x, va = _icio_numbers()
    cols = [f"{c}_{s}" for c, s in labels] + ["A_HFCE", "B_HFCE", "OUT"]
    lines = ["country,sector," + ",".join(cols)]
    for i, (c, s) in enumerate(labels):
        lines.append(",".join([c, s] + [str(v) for v in z[i] + y[i]] + [str(x[i])]))
    lines.append("VA,VALU," + ",".join([str(v) for v in va] + [""] * 3))
    lines.append("OUT,," + ",".join([str(v) for v in x] + [""] * 3))
    return "\n".join(lines) + "\n"


def _pymrio_labels(labels):
    """pymrio tables name their sectors in words (a numeric label reads as a number)."""
    return [(c, {"01": "food", "02": "mining"}[s]) for c, s in labels]


def pymrio_z() -> str:
    """`Z.txt` of a pymrio folder (as `save_all` writes it)."""
    labels, z, _, _, _ = _icio_numbers()
    labels = _pymrio_labels(labels)
    lines = [
        "region\t" + "".join(f"\t{c}" for c, _ in labels),
        "sector\t" + "".join(f"\t{s}" for _, s in labels),
        "region\tsector" + "\t" * 4,
    ]
    for i, (c, s) in enumerate(labels):
        lines.append(f"{c}\t{s}\t" + "\t".join(str(v) for v in z[i]))
    return "\n".join(lines) + "\n"


def pymrio_y() -> str:
    """`Y.txt` of a pymrio folder."""
    labels, _, y, _, _ = _icio_numbers()
    labels = _pymrio_labels(labels)
    lines = [
        "region\t\tA\tB",
        "category\t\tHFCE\tHFCE",
        "region\tsector\t\t",
    ]
    for i, (c, s) in enumerate(labels):
        lines.append(f"{c}\t{s}\t" + "\t".join(str(v) for v in y[i]))
    return "\n".join(lines) + "\n"


@dataclass
class Kind:
    """One input kind: its seed files, the one mutated, and the commands that read it."""

    name: str
    # Seed files by name inside the run directory.
    files: dict
    # The file mutated (a key of `files`).
    target: str
    # `csv`, `tsv` or `toml`: which field-level mutations apply.
    syntax: str
    # Command lines (one is drawn per run).
    commands: list
    # How the mutated file is handed over: `file`, `folder` (its directory), `gzip`
    # (`<target>.gz`) or `zip` (`<target minus .csv>.zip` holding it).
    package: str = "file"
    # A trade import: its cache's report.json is checked against a recount of the input.
    accounting: bool = False
    # Other seed files mutated too, now and then (a folder's second year).
    also: list = field(default_factory=list)
    # Whether its reader is an RFC 4180 CSV reader (the csv crate: quoted fields may hold
    # line ends, a lone CR ends a line) or splits at LF (BACI's), for the recount.
    rfc4180: bool = False
    # The zip's name, for `package = "zip"` [default: the target's, ending .zip].
    archive: str = ""


def _import(*extra):
    return ["import", *extra, "--out", "{out}"]


KINDS = [
    Kind(
        "baci-csv",
        {"baci/BACI_HS17_Y2018_V202401.csv": BACI_2018},
        "baci/BACI_HS17_Y2018_V202401.csv",
        "csv",
        [_import("baci", "{input}"), _import("baci", "{input}", "--strict")],
        package="folder",
        accounting=True,
    ),
    Kind(
        "baci-folder",
        {
            "baci/BACI_HS17_Y2018_V202401.csv": BACI_2018,
            "baci/BACI_HS17_Y2019_V202401.csv": BACI_2019,
        },
        "baci/BACI_HS17_Y2019_V202401.csv",
        "csv",
        [
            _import("baci", "{input}"),
            _import("baci", "{input}", "--years", "2019"),
            ["info", "{input}"],
            ["vulnerability", "--trade", "{input}", "--importer", "USA"],
        ],
        package="folder",
        accounting=True,
        also=["baci/BACI_HS17_Y2018_V202401.csv"],
    ),
    Kind(
        "baci-zip",
        {"BACI_HS17_Y2018_V202401.csv": BACI_2018},
        "BACI_HS17_Y2018_V202401.csv",
        "csv",
        [_import("baci", "{input}"), ["info", "{input}"]],
        package="zip",
        archive="BACI_HS17_V202401.zip",
        accounting=True,
    ),
    Kind(
        "comtrade-csv",
        {"comtrade.csv": COMTRADE},
        "comtrade.csv",
        "csv",
        [
            _import("comtrade", "{input}"),
            _import("comtrade", "{input}", "--flow", "x"),
            _import("comtrade", "{input}", "--strict"),
        ],
        accounting=True,
        rfc4180=True,
    ),
    Kind(
        "generic-trade-csv",
        {"trade.csv": GENERIC_TRADE},
        "trade.csv",
        "csv",
        [
            _import(
                "csv",
                "{input}",
                "--columns",
                "exporter=exporter,importer=importer,product=hs6,year=year,value=value_usd",
            )
        ],
        accounting=True,
        rfc4180=True,
    ),
    Kind(
        "countries-csv",
        {"baci/BACI_HS17_Y2018_V202401.csv": BACI_2018, "countries.csv": COUNTRIES},
        "countries.csv",
        "csv",
        [_import("baci", "{run}/baci", "--countries", "{input}")],
        accounting=True,
    ),
    Kind(
        "intermediate-goods-csv",
        {"goods.csv": INTERMEDIATE_GOODS},
        "goods.csv",
        "csv",
        [["vulnerability", "--importer", "KOR", "--intermediate-goods", "{input}"]],
    ),
    Kind(
        "hs-bec-csv",
        {"hs_bec.csv": HS_BEC},
        "hs_bec.csv",
        "csv",
        [["vulnerability", "--importer", "KOR", "--hs-bec", "{input}"]],
    ),
    Kind(
        "distance-pairs-csv",
        {"pairs.csv": PAIRS},
        "pairs.csv",
        "csv",
        [["risk", "--distance", "{input}"]],
    ),
    Kind(
        "distance-blocs-csv",
        {"blocs.csv": BLOCS},
        "blocs.csv",
        "csv",
        [["risk", "--distance", "{input}"]],
    ),
    Kind(
        "concordance-csv",
        {"hs_isic.csv": CONCORDANCE},
        "hs_isic.csv",
        "csv",
        [["exposure", "--country", "CHN", "--concordance", "{input}"]],
    ),
    Kind(
        "scenario-toml",
        {"scenario.toml": SCENARIO},
        "scenario.toml",
        "toml",
        [["scenario", "run", "{input}"]],
    ),
    Kind(
        "chain-toml",
        {"chain.toml": CHAIN},
        "chain.toml",
        "toml",
        [
            ["chain", "check", "{input}"],
            ["chain", "diagnose", "{input}"],
            ["chain", "disrupt", "{input}", "--remove", "country:DEU"],
        ],
    ),
    Kind(
        "candidates-csv",
        {"chain.toml": CHAIN, "candidates.csv": CANDIDATES},
        "candidates.csv",
        "csv",
        [["chain", "attract", "{run}/chain.toml", "--candidates", "{input}"]],
    ),
    Kind(
        "icio-oecd-csv",
        {"oecd.csv": oecd_table()},
        "oecd.csv",
        "csv",
        [["io", "info", "{input}"], ["io", "info", "{input}", "--strict"], ["gvc", "{input}", "--out", "{out}"]],
    ),
    Kind(
        "icio-oecd-gz",
        {"oecd.csv": oecd_table()},
        "oecd.csv",
        "csv",
        [["io", "info", "{input}"], ["gvc", "{input}", "--out", "{out}"]],
        package="gzip",
    ),
    Kind(
        "icio-oecd-zip",
        {"oecd.csv": oecd_table()},
        "oecd.csv",
        "csv",
        [["io", "info", "{input}"]],
        package="zip",
    ),
    Kind(
        "icio-generic-csv",
        {"generic.csv": generic_table()},
        "generic.csv",
        "csv",
        [["io", "info", "{input}"], ["io", "info", "{input}", "--strict"], ["gvc", "{input}", "--out", "{out}"]],
    ),
    Kind(
        "icio-generic-gz",
        {"generic.csv": generic_table()},
        "generic.csv",
        "csv",
        [["io", "info", "{input}"]],
        package="gzip",
    ),
    Kind(
        "icio-pymrio",
        {"mrio/Z.txt": pymrio_z(), "mrio/Y.txt": pymrio_y()},
        "mrio/Z.txt",
        "tsv",
        [["io", "info", "{input}"], ["gvc", "{input}", "--out", "{out}"]],
        package="folder",
        also=["mrio/Y.txt"],
    ),
    Kind(
        "gravity-data-csv",
        {"data.csv": GRAVITY_DATA, "scenario.toml": GRAVITY_SCENARIO},
        "data.csv",
        "csv",
        [
            ["gravity", "ge", "--data", "{input}", "--scenario", "{run}/scenario.toml"],
            ["gravity", "estimate", "--data", "{input}", "--fe", "exporter,importer", "--vars", "rta"],
        ],
    ),
    Kind(
        "gravity-scenario-toml",
        {"data.csv": GRAVITY_DATA, "scenario.toml": GRAVITY_SCENARIO},
        "scenario.toml",
        "toml",
        [["gravity", "ge", "--data", "{run}/data.csv", "--scenario", "{input}"]],
    ),
    Kind(
        "gravity-blocs-csv",
        {"data.csv": GRAVITY_DATA, "scenario.toml": GRAVITY_BLOC_SCENARIO, "blocs.csv": GRAVITY_BLOCS},
        "blocs.csv",
        "csv",
        [
            [
                "gravity",
                "ge",
                "--data",
                "{run}/data.csv",
                "--scenario",
                "{run}/scenario.toml",
                "--blocs",
                "{input}",
            ]
        ],
    ),
    Kind(
        "ge-io-scenario-toml",
        {"table.csv": oecd_table(), "scenario.toml": GE_IO_SCENARIO, "e.csv": ELASTICITIES},
        "scenario.toml",
        "toml",
        [["gravity", "ge-io", "{run}/table.csv", "--scenario", "{input}", "--elasticities", "{run}/e.csv"]],
    ),
    Kind(
        "ge-io-elasticities-csv",
        {"table.csv": oecd_table(), "scenario.toml": GE_IO_SCENARIO, "e.csv": ELASTICITIES},
        "e.csv",
        "csv",
        [["gravity", "ge-io", "{run}/table.csv", "--scenario", "{run}/scenario.toml", "--elasticities", "{input}"]],
    ),
]
