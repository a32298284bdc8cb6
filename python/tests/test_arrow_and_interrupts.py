"""How results cross into Python and how long calls end: tables arrive through the Arrow
PyCapsule interface sharing the engine's buffers, with the column types of the CLI's
Parquet files; Ctrl-C interrupts a long engine call at once and leaves the session
working."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import chainlens


@pytest.fixture(scope="module")
def session(shared_data) -> chainlens.Session:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CHAINLENS_DATA", str(shared_data))
        return chainlens.open()


def _addresses(table: pa.Table) -> list[list[int | None]]:
    """pyarrow's buffer addresses of each column (one chunk each)."""
    out = []
    for column in table.columns:
        assert column.num_chunks == 1
        out.append([None if b is None else b.address for b in column.chunk(0).buffers()])
    return out


def test_tables_cross_without_copying_their_buffers(session):
    meta, native = session._native.vulnerability('{"importers": ["CHN", "USA"]}')
    assert [name for name, _ in native] == ["products", "categories", "chapters", "dominance"]
    for name, table in native:
        engine = table._buffer_addresses()
        first, second = pa.table(table), pa.table(table)
        # pyarrow's columns are the engine's buffers, not copies, each time they are
        # imported (no Parquet bytes in between).
        assert _addresses(first) == engine, name
        assert _addresses(second) == engine, name
        assert first.equals(second)
        # The struct-array form shares them too.
        batch = pa.record_batch(table)
        assert [[None if b is None else b.address for b in c.buffers()] for c in batch.columns] == engine
    # Polars takes the same stream without a copy of the numbers.
    import polars as pl

    products = dict(native)["products"]
    frame = pl.DataFrame(products)
    assert frame.height == products.num_rows
    values = pa.table(products).column("concentration").chunk(0).buffers()[1].address
    assert frame["concentration"].to_arrow().buffers()[1].address == values


def test_results_keep_the_types_of_the_parquet_files(session, shared_data, cli, tmp_path, monkeypatch):
    """The column types (and nullability) are those the previous Parquet path gave:
    every table equals the CLI's --format parquet file read by pyarrow."""
    monkeypatch.setenv("CHAINLENS_DATA", str(shared_data))
    series = chainlens.open(series=True)
    cases = [
        (series.shift((2017, 2018), (2022, 2023), importers="USA", exporter="CHN"),
         ["shift", "--base", "2017-2018", "--compare", "2022-2023", "--importer", "USA", "--exporter", "CHN"]),
        (session.vulnerability(["CHN", "USA"], years="2018"),
         ["vulnerability", "--importer", "CHN,USA", "--years", "2018"]),
        (session.risk(), ["risk"]),
    ]
    seen = set()
    for i, (result, args) in enumerate(cases):
        out = tmp_path / str(i)
        cli(*args, "--format", "parquet", "--out", str(out))
        assert set(result.tables) == {p.stem for p in out.glob("*.parquet")}, args
        for name, table in result.tables.items():
            expected = pq.read_table(out / f"{name}.parquet")
            assert table.schema.equals(expected.schema, check_metadata=True), (name, table.schema, expected.schema)
            assert table.equals(expected), name
            seen |= {(str(f.type), f.nullable) for f in table.schema}
    # Every kind of column occurred, missing cells included.
    assert {("string", False), ("double", False), ("uint64", False), ("int64", False),
            ("bool", False), ("double", True), ("uint64", True), ("string", True)} <= seen, seen


def _write_table(path: Path, countries: int, sectors: int) -> None:
    """A random balanced generic-CSV table of countries x sectors (one final-demand
    category, value added the rest)."""
    rng = np.random.default_rng(17)
    n = countries * sectors
    names = [f"C{c:02d}" for c in range(countries)]
    labels = [(c, f"S{s:02d}") for c in names for s in range(sectors)]
    z = rng.uniform(0.0, 1.0, (n, n))
    y = rng.uniform(0.0, 1.0, (n, countries)) * (n / countries)
    va = z.sum(1) + y.sum(1) - z.sum(0)
    with path.open("w") as f:
        f.write(",".join(["country", "sector", *(f"{c}_{s}" for c, s in labels), *(f"{c}_HFCE" for c in names)]) + "\n")
        for i, (c, s) in enumerate(labels):
            f.write(f"{c},{s}," + ",".join(f"{v:.6f}" for v in (*z[i], *y[i])) + "\n")
        f.write("VA,VA," + ",".join(f"{v:.6f}" for v in va) + "," * countries + "\n")


def test_ctrl_c_interrupts_a_long_engine_call_and_the_session_goes_on(tmp_path):
    # A table large enough for the WWZ decomposition to take half a second or more
    # (uninterrupted, measured here: no absolute time limit).
    countries = 20
    while True:
        path = tmp_path / f"table-{countries}.csv"
        _write_table(path, countries, 20)
        s = chainlens.open(table=path)
        start = time.perf_counter()
        whole = s.decompose("wwz")
        full = time.perf_counter() - start
        if full >= 0.5 or countries >= 80:
            break
        countries = min(80, countries * 3 // 2)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(full / 10, signal.raise_signal, (signal.SIGINT,))
    try:
        with pytest.raises(KeyboardInterrupt):
            start = time.perf_counter()
            timer.start()
            s.decompose("wwz")
        interrupted = time.perf_counter() - start
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    # The interrupt arrived a tenth of the way in and ended the call then, not at its end.
    print(f"decompose wwz of {countries} x 20: {full:.2f} s whole, interrupted after {interrupted:.2f} s")
    assert interrupted < full / 2, (interrupted, full)
    # The abandoned work stops at its next stage; the session answers the same again.
    again = s.decompose("wwz")
    assert again.wwz.equals(whole.wwz)
