"""Every call of the chainlens Python package against the CLI's ``--out`` files on the
same inputs, the DataFrame input against the file input, each error class with its
location, concurrent calls from threads on one session, and BACI downloads from a
loopback mirror (progress, Ctrl-C, resume)."""

from __future__ import annotations

import functools
import http.server
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import chainlens
from conftest import REPO, assert_same_as_csv

SCENARIO = REPO / "examples" / "scenarios" / "china-intermediates-2pt.toml"
SHRIMP = "baci-extract-shrimp-hs12-2018/standardized_baci_seafood_hs12_y2018_including_value.csv"
SHRIMP_GOODS = REPO / "crates" / "chainlens-cli" / "tests" / "fixtures" / "shrimp_codes.csv"
SHRIMP_COLUMNS = {
    "exporter": "exporter_iso3c",
    "importer": "importer_iso3c",
    "product": "hs6",
    "year": "year",
    "value_thousands": "total_v",
}


@pytest.fixture(scope="module")
def session(shared_data) -> chainlens.Session:
    # The data directory the CLI fixture uses: the session reads its HS -> ISIC table.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CHAINLENS_DATA", str(shared_data))
        return chainlens.open()


def test_info_describes_the_embedded_data(session):
    info = session.info()
    assert info["trade_synthetic"] and info["table_synthetic"]
    assert info["table"]["countries"] == ["CHN", "DEU", "JPN", "MEX", "USA", "ROW"]
    assert info["table"]["n"] == 54
    assert info["trade"]["rows"] > 0 and info["trade"]["years"]


def test_vulnerability_equals_the_cli_files(session, cli, tmp_path):
    r = session.vulnerability("CHN", years=(2017, 2018))
    assert set(r.tables) == {"products", "categories", "chapters", "dominance"}
    assert all(isinstance(t, pa.Table) for t in r.tables.values())
    cli("vulnerability", "--importer", "CHN", "--years", "2017-2018", "--out", str(tmp_path))
    for name in r.tables:
        assert_same_as_csv(r[name], tmp_path / f"{name}.csv")
    assert r.meta["years"] == [2017, 2018]
    frames = r.to_pandas()
    assert frames["categories"]["goods"].sum() == r.products.num_rows


def test_vulnerability_of_several_importers_is_stacked(session, cli, tmp_path):
    r = session.vulnerability(["CHN", "USA"], years="2018")
    assert r.products.column_names[0] == "importer"
    cli("vulnerability", "--importer", "CHN,USA", "--years", "2018", "--out", str(tmp_path))
    for name in r.tables:
        assert_same_as_csv(r[name], tmp_path / f"{name}.csv")


def test_risk_equals_the_cli_file(session, cli, tmp_path):
    r = session.risk()
    cli("risk", "--out", str(tmp_path))
    assert_same_as_csv(r.risk, tmp_path / "risk.csv")


@pytest.mark.parametrize("form", ["path", "text", "dict"])
def test_scenario_equals_the_cli_files(session, cli, tmp_path, form):
    spec = {
        "path": SCENARIO,
        "text": SCENARIO.read_text(),
        "dict": {
            "scenario": {"name": "China's intermediate exports down 2 points"},
            "restriction": [{"exporters": ["CHN"], "goods": ["intermediate"], "cut": 0.02}],
        },
    }[form]
    r = session.scenario(spec)
    assert {"losses", "importers", "changes", "io_country_sector", "io_country"} == set(r.tables)
    cli("scenario", "run", str(SCENARIO), "--out", str(tmp_path))
    for name in r.tables:
        assert_same_as_csv(r[name], tmp_path / f"{name}.csv")


def test_gvc_equals_the_cli_files(session, cli, tmp_path):
    r = session.gvc()
    cli("gvc", "--out", str(tmp_path))
    assert set(r.tables) == {p.stem for p in tmp_path.glob("*.csv")}
    for name in r.tables:
        assert_same_as_csv(r[name], tmp_path / f"{name}.csv")


@pytest.mark.parametrize("method", ["kww", "wwz", "bm"])
def test_decompose_equals_the_cli_files(session, cli, tmp_path, method):
    r = session.decompose(method)
    cli("io", "decompose", "--method", method, "--out", str(tmp_path))
    assert set(r.tables) == {p.stem for p in tmp_path.glob("*.csv")}
    for name in r.tables:
        assert_same_as_csv(r[name], tmp_path / f"{name}.csv")


def test_extract_equals_the_cli_file(session, cli, tmp_path):
    r = session.extract("CHN", "26")
    cli("io", "extract", "--country", "CHN", "--sector", "26", "--out", str(tmp_path))
    assert_same_as_csv(r.extraction, tmp_path / "extraction.csv")
    assert r.meta["backward"] == pytest.approx(r.extraction.to_pandas()["output_lost_backward"].sum(), rel=1e-9)


def test_exposure_equals_the_cli_files(session, cli, tmp_path):
    r = session.exposure("CHN", goods=["85", "280530"], top=20)
    assert {"industries", "countries", "goods_users"} == set(r.tables)
    assert r.meta["link"]["industry_scheme"] == "ISIC Rev.4 codes"
    cli("exposure", "--country", "CHN", "--goods", "85,280530", "--top", "20", "--out", str(tmp_path))
    for name in r.tables:
        assert_same_as_csv(r[name], tmp_path / f"{name}.csv")
    shares = r.industries.to_pandas().filter(like="_share_direct").drop(columns="category1_share_direct")
    total = shares.sum(axis=1) + r.industries.to_pandas()["category1_share_direct"]
    assert total.round(12).eq(1.0).all(), "the buckets of each industry add up"
    with pytest.raises(chainlens.BadInputError, match="not an HS6 code"):
        session.exposure(goods="8x")


def test_shift_and_its_route_equal_the_cli_files(shared_data, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("CHAINLENS_DATA", str(shared_data))
    s = chainlens.open(series=True)
    r = s.shift((2017, 2018), (2022, 2023), importers="USA", exporter="CHN")
    cli("shift", "--base", "2017-2018", "--compare", "2022-2023", "--importer", "USA",
        "--exporter", "CHN", "--out", str(tmp_path))
    assert set(r.tables) == {p.stem for p in tmp_path.glob("*.csv")}
    for name in r.tables:
        assert_same_as_csv(r[name], tmp_path / f"{name}.csv")
    # The planted reallocation: Viet Nam took most of China's lost shares.
    assert r.gainers.to_pandas().iloc[0]["gainer"] == "VNM"
    assert r.suppliers.to_pandas()["change"].sum() == pytest.approx(0.0, abs=1e-12)
    # With the embedded table (CHN, DEU, JPN, MEX, USA, ROW) the route through Mexico has
    # industries and value-added paths whose shares add up to 1.
    route = s.relocation("CHN", "MEX", "USA", "2017-2018", "2022-2023")
    paths = route.relocation_value_added.to_pandas()
    assert list(paths["path"][:2]) == ["direct", "connector"]
    assert paths["share"].sum() == pytest.approx(1.0, abs=1e-9)
    assert "relocation_industries" in route.tables
    with pytest.raises(chainlens.BadInputError, match="three different countries"):
        s.relocation("CHN", "CHN", "USA", 2017, 2022)


def test_dataframe_input_equals_file_input(shared_data, monkeypatch):
    monkeypatch.setenv("CHAINLENS_DATA", str(shared_data))
    path = shared_data / SHRIMP
    options = dict(columns=SHRIMP_COLUMNS, edition="HS12", intermediate_goods=SHRIMP_GOODS)
    from_file = chainlens.open(trade=path, **options).vulnerability("USA")
    df = pd.read_csv(path, dtype={"hs6": str})
    from_frame = chainlens.open(trade=df, **options).vulnerability("USA")
    for name in from_file.tables:
        assert from_frame[name].equals(from_file[name]), name
    import polars as pl

    polars_frame = pl.read_csv(path, schema_overrides={"hs6": pl.String})
    from_polars = chainlens.open(trade=polars_frame, **options).vulnerability("USA")
    for name in from_file.tables:
        assert from_polars[name].equals(from_file[name]), name
    # pandas on the file (60 exporters of 030617 to the USA) gives this H (see the CLI test).
    products = from_frame.products.to_pandas().set_index("hs6")
    assert products.loc["030617", "concentration"] == pytest.approx(0.24955163276509054, rel=1e-12)


def _baci_year(folder: Path) -> Path:
    """A BACI year file of three flows (real M49 codes) and its size."""
    path = folder / "BACI_HS17_Y2018_V202401.csv"
    path.write_text(
        "t,i,j,k,v,q\n"
        "2018,156,842,854231,10.5,1.0\n"
        "2018,392,842,854231,2.0,NA\n"
        "2018,156,392,281111,3.25,0.5\n"
    )
    return path


def test_reading_reports_progress_to_a_callable(shared_data, monkeypatch, tmp_path):
    monkeypatch.setenv("CHAINLENS_DATA", str(shared_data))
    path = _baci_year(tmp_path)
    size = path.stat().st_size
    calls = []
    s = chainlens.open(trade=path, progress=lambda *call: calls.append(call))
    assert s.info()["trade"]["rows"] == 3
    # One block for so small a file: the whole file once, named by its path.
    assert calls == [(str(path), size, size)]


def test_what_the_progress_callable_raises_is_raised_once_the_data_is_open(
    shared_data, monkeypatch, tmp_path
):
    monkeypatch.setenv("CHAINLENS_DATA", str(shared_data))
    path = _baci_year(tmp_path)

    def stop(file, done, size):
        raise ValueError(f"stop at {done} of {size}")

    with pytest.raises(ValueError, match=f"stop at {path.stat().st_size}"):
        chainlens.open(trade=path, progress=stop)


def test_a_bad_scenario_key_raises_bad_input_with_its_line(session, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nname = "x"\n\n[[restriction]]\nexporters = ["CHN"]\ncutt = 0.5\n')
    with pytest.raises(chainlens.BadInputError) as e:
        session.scenario(bad)
    assert e.value.file == str(bad)
    assert e.value.line == 6
    assert "cutt" in str(e.value)


def test_a_missing_file_raises_bad_input_naming_it(tmp_path):
    missing = tmp_path / "no-such.csv"
    with pytest.raises(chainlens.BadInputError) as e:
        chainlens.open(table=missing)
    assert e.value.file == str(missing)


def test_a_bad_window_raises_bad_input_naming_the_field(session):
    with pytest.raises(chainlens.BadInputError) as e:
        session.vulnerability("CHN", years="20x8")
    assert e.value.file == "--years"


def test_an_unknown_importer_raises_bad_input(session):
    with pytest.raises(chainlens.BadInputError):
        session.vulnerability("XXX")


def test_a_table_call_on_trade_only_raises_missing_data(shared_data, monkeypatch):
    monkeypatch.setenv("CHAINLENS_DATA", str(shared_data))
    s = chainlens.open(
        trade=shared_data / SHRIMP, columns=SHRIMP_COLUMNS, edition="HS12",
        intermediate_goods=SHRIMP_GOODS,
    )
    with pytest.raises(chainlens.MissingDataError):
        s.gvc()


def test_an_unknown_request_value_raises_bad_input(session):
    with pytest.raises(chainlens.BadInputError) as e:
        session.decompose("xyz")
    assert e.value.file == "request"


def test_concurrent_calls_on_one_session_agree_with_sequential_ones(session):
    importers = ["CHN", "USA", "DEU", "JPN"] * 2
    sequential = [session.vulnerability(i, years=2018).products for i in importers]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda i: session.vulnerability(i, years=2018).products, importers))
        mixed = list(pool.map(lambda f: f(), [session.gvc, session.risk, lambda: session.decompose("wwz")] * 2))
    assert all(a.equals(b) for a, b in zip(sequential, threaded))
    assert mixed[0].country.equals(mixed[3].country)


def test_fetch_reference_installs_from_a_folder(shared_data, tmp_path):
    done = chainlens.fetch_reference(from_dir=shared_data, data_dir=tmp_path)
    assert Path(done["data_dir"]) == tmp_path
    names = [d["name"] for d in done["datasets"]]
    assert names and all((tmp_path / n).is_dir() for n in names)


def test_fetch_reference_from_a_folder_without_the_data_raises(tmp_path):
    with pytest.raises((chainlens.BadInputError, chainlens.MissingDataError)):
        chainlens.fetch_reference(from_dir=tmp_path / "empty", data_dir=tmp_path / "data")


@pytest.fixture
def baci_mirror(tmp_path):
    """A loopback HTTP mirror holding a 3 MB stand-in for BACI_HS17_V202501.zip at CEPII's
    path; yields (base URL, the bytes)."""
    payload = bytes(i % 251 for i in range(3_000_000))
    folder = tmp_path / "mirror" / "DATA_DOWNLOAD" / "baci" / "data"
    folder.mkdir(parents=True)
    (folder / "BACI_HS17_V202501.zip").write_bytes(payload)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(tmp_path / "mirror"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", payload
    server.shutdown()


def test_fetch_baci_installs_the_release_and_reports_progress(baci_mirror, tmp_path):
    base, payload = baci_mirror
    seen = []
    done = chainlens.fetch_baci(mirror=base, data_dir=tmp_path / "data",
                                progress=lambda url, n, total: seen.append((url, n, total)))
    installed = tmp_path / "data" / "baci-hs17-V202501" / "BACI_HS17_V202501.zip"
    assert installed.read_bytes() == payload
    assert done["dataset"]["name"] == "baci-hs17-V202501"
    assert seen[-1] == (f"{base}/DATA_DOWNLOAD/baci/data/BACI_HS17_V202501.zip", 3_000_000, 3_000_000)
    counts = [n for _, n, _ in seen]
    assert counts == sorted(counts) and len(counts) > 2, counts


def test_ctrl_c_stops_fetch_baci_and_the_next_call_finishes(baci_mirror, tmp_path):
    base, payload = baci_mirror

    def interrupt(url, n, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        chainlens.fetch_baci(mirror=base, data_dir=tmp_path / "data", progress=interrupt)
    assert not (tmp_path / "data" / "baci-hs17-V202501").exists()
    chainlens.fetch_baci(mirror=base, data_dir=tmp_path / "data", progress=True)
    installed = tmp_path / "data" / "baci-hs17-V202501" / "BACI_HS17_V202501.zip"
    assert installed.read_bytes() == payload


def test_sigint_stops_fetch_baci_once_the_transfer_has_stopped(baci_mirror, tmp_path):
    """A real SIGINT (not a raising callback): the main thread answers it while the
    download runs on the worker, stops the transfer and waits for it."""
    base, payload = baci_mirror
    handled = threading.Event()

    def handler(signum, frame):
        handled.set()
        raise KeyboardInterrupt

    def progress(url, n, total):
        if not handled.is_set():
            signal.raise_signal(signal.SIGINT)
            # The transfer goes on only after the main thread has handled the signal
            # (and so set the call's cancellation flag, before it lets this thread go).
            assert handled.wait(30)

    previous = signal.signal(signal.SIGINT, handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            chainlens.fetch_baci(mirror=base, data_dir=tmp_path / "data", progress=progress)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert not (tmp_path / "data" / "baci-hs17-V202501").exists()
    chainlens.fetch_baci(mirror=base, data_dir=tmp_path / "data", progress=False)
    installed = tmp_path / "data" / "baci-hs17-V202501" / "BACI_HS17_V202501.zip"
    assert installed.read_bytes() == payload


CHAIN = REPO / "examples" / "chains" / "eyewear-ouhai.toml"
CANDIDATES = REPO / "examples" / "chains" / "eyewear-candidates.csv"


def test_chain_diagnose_disrupt_attract_equal_the_cli_files(session, cli, tmp_path):
    c = chainlens.chain.open(CHAIN, session=session)
    d = c.diagnose()
    assert {"diagnosis", "exposure", "coupling", "industries"} == set(d.tables)
    assert any("lens-jp" in w for w in d.meta["warnings"])
    cli("chain", "diagnose", str(CHAIN), "--out", str(tmp_path / "diagnose"))
    for name in ["diagnosis", "exposure", "coupling"]:
        assert_same_as_csv(d[name], tmp_path / "diagnose" / f"{name}.csv")
    # The embedded table has 9 industries: what it lacks (optical goods, division 32) is in none.
    weights = d.industries.to_pandas().groupby("segment")["weight"].sum()
    assert len(weights) == 4 and weights.between(0.0, 1.0 + 1e-12).all(), weights
    r = c.disrupt("country:JPN")
    cli("chain", "disrupt", str(CHAIN), "--remove", "country:JPN", "--out", str(tmp_path / "disrupt"))
    assert_same_as_csv(r.substitutes, tmp_path / "disrupt" / "substitutes.csv")
    a = c.attract(CANDIDATES)
    cli("chain", "attract", str(CHAIN), "--candidates", str(CANDIDATES), "--out", str(tmp_path / "attract"))
    assert_same_as_csv(a.attraction, tmp_path / "attract" / "attraction.csv")
    with pytest.raises(chainlens.BadInputError, match="planet:MARS"):
        c.disrupt("planet:MARS")


def test_results_convert_to_polars(session):
    import polars as pl

    r = session.vulnerability("CHN")
    frames = r.to_polars()
    assert isinstance(frames["products"], pl.DataFrame)
    assert frames["products"].height == r.products.num_rows
    assert frames["categories"]["import_value"].sum() == pytest.approx(
        r.categories.to_pandas()["import_value"].sum(), rel=1e-12
    )


def test_every_public_function_has_a_stub_and_a_docstring():
    import ast
    import inspect

    stub = ast.parse((REPO / "python" / "chainlens" / "__init__.pyi").read_text())
    functions = {n.name for n in stub.body if isinstance(n, ast.FunctionDef)}
    session = next(n for n in stub.body if isinstance(n, ast.ClassDef) and n.name == "Session")
    methods = {n.name for n in session.body if isinstance(n, ast.FunctionDef)}
    public = [name for name, f in inspect.getmembers(chainlens, inspect.isfunction)
              if not name.startswith("_") and f.__module__ == "chainlens"]
    assert {"open", "fetch_reference", "fetch_baci"} <= set(public)
    for name in public:
        assert name in functions, f"chainlens.{name} has no stub"
        assert getattr(chainlens, name).__doc__, f"chainlens.{name} has no docstring"
    for name, method in inspect.getmembers(chainlens.Session, inspect.isfunction):
        if not name.startswith("_"):
            assert name in methods, f"Session.{name} has no stub"
            assert method.__doc__, f"Session.{name} has no docstring"
