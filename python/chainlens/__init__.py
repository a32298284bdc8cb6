"""chainlens: trade and global value chain analysis, the Rust engine in Python.

Every number comes from the chainlens engine (the same one the ``chainlens`` command
line calls); this layer only builds requests and hands results back as ``pyarrow``
tables, which share the engine's Arrow buffers (the Arrow PyCapsule interface: no copy,
no file format in between). A quick start on the embedded SYNTHETIC data (not real trade)::

    import chainlens
    s = chainlens.open()
    r = s.vulnerability("CHN")
    r.categories.to_pandas()

Opening: ``open()`` with no argument opens the embedded SYNTHETIC trade data and the
embedded SYNTHETIC input-output table; ``open(trade=PATH)`` opens trade data only,
``open(table=PATH)`` a table only, and both together open both. ``trade`` may also be a
pandas or polars DataFrame of bilateral flows with ``columns`` naming its columns.

Errors: ``BadInputError`` (with ``.file``, ``.line``, ``.field``), ``MissingDataError``,
and ``RuntimeError`` for chainlens' own bugs.

Long calls run with the GIL released, so other Python threads go on, and Ctrl-C
(``KeyboardInterrupt``) interrupts them at once: a scenario, ``gvc`` or ``decompose``
stops in the background when its next stage begins, other calls finish in the
background and their result is dropped (what they computed for the session, such as a
window's baseline analysis, is kept for the next call).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator, Mapping

import pyarrow as pa

from . import _chainlens
from ._errors import BadInputError, ChainlensError, MissingDataError
from ._toml import dumps as _toml_dumps

__all__ = [
    "BadInputError",
    "chain",
    "ChainlensError",
    "MissingDataError",
    "Result",
    "Session",
    "fetch_reference",
    "open",
]

_BILATERAL = ("exporter", "importer", "product", "year", "value")


class Result:
    """The result of one call: its tables (``pyarrow.Table``) and scalar fields.

    Tables are attributes named as the CLI's ``--out`` files (``r.products`` is
    ``products.csv``); ``r.tables`` maps every name to its table in the engine's order,
    and ``r.meta`` holds the scalar fields (thresholds, totals, the ingest report).
    The tables have the column types of the CLI's Parquet files (``--format parquet``)
    and share the engine's buffers.
    """

    def __init__(self, meta: dict[str, Any], tables: list[tuple[str, Any]]) -> None:
        self.meta: dict[str, Any] = meta
        # Each native table exports its record batch through __arrow_c_stream__;
        # RecordBatchReader.from_stream imports it as pa.table(t) would, without the
        # latter's first-call import of pandas (0.3-0.4 s) to check for a DataFrame.
        self.tables: dict[str, pa.Table] = {
            name: pa.RecordBatchReader.from_stream(t).read_all() for name, t in tables
        }

    def __getattr__(self, name: str) -> pa.Table:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(
            f"no table {name!r} in this result (tables: {', '.join(tables)})"
        )

    def __getitem__(self, name: str) -> pa.Table:
        return self.tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.tables))

    def __repr__(self) -> str:
        shapes = ", ".join(f"{n}: {t.num_rows} rows" for n, t in self.tables.items())
        return f"<chainlens.Result {shapes}>"

    def to_pandas(self) -> dict[str, Any]:
        """Every table as a ``pandas.DataFrame``, by name."""
        return {name: t.to_pandas() for name, t in self.tables.items()}

    def to_polars(self) -> dict[str, Any]:
        """Every table as a ``polars.DataFrame``, by name (needs polars)."""
        import polars as pl

        return {name: pl.from_arrow(t) for name, t in self.tables.items()}


def _window(years: int | str | tuple[int, int] | None) -> str | None:
    """``2018``, ``"2017-2018"`` or ``(2017, 2018)`` as the engine's ``YEAR`` or
    ``FIRST-LAST`` text."""
    if years is None:
        return None
    if isinstance(years, (tuple, list)):
        if len(years) != 2:
            raise BadInputError(
                f"years {years!r} is not (FIRST, LAST)", file="years", field="years"
            )
        return f"{years[0]}-{years[1]}"
    return str(years)


def _json(request: Mapping[str, Any]) -> str:
    return json.dumps({k: v for k, v in request.items() if v is not None})


class Session:
    """Data opened once (trade data, an input-output table, or both), shared by every
    call and safe to use from several threads at once. Made by ``chainlens.open``.

    Every call releases the GIL while the engine works and answers Ctrl-C at once with
    ``KeyboardInterrupt``; the session stays usable (see the module's docstring for
    what happens to the interrupted work)."""

    def __init__(self, native: Any) -> None:
        self._native = native

    def info(self) -> dict[str, Any]:
        """What the session holds: ``{"trade": {...} | None, "table": {...} | None,
        "trade_synthetic": bool, "table_synthetic": bool}``; the fields are those of
        ``chainlens import``/``chainlens io info``."""
        return json.loads(self._native.info())

    def vulnerability(
        self,
        importers: str | list[str] = "CHN",
        years: int | str | tuple[int, int] | None = None,
        centrality: str = "hhi",
    ) -> Result:
        """Supply-chain vulnerability of importers' intermediate goods (METHODS §1.1-1.6).

        ``importers``: an ISO3 code, a list of them, or ``"all"``. ``years``: a year,
        ``(first, last)`` or ``"FIRST-LAST"`` (default: every year of the data).
        ``centrality``: ``"hhi"``, ``"cr3"`` or ``"freeman"``. The result has
        ``products``, ``categories``, ``chapters`` (with an ``importer`` column when
        several importers are asked for) and ``dominance``.
        """
        if isinstance(importers, str):
            importers = [importers]
        request = {
            "importers": list(importers),
            "years": _window(years),
            "centrality": centrality,
        }
        return Result(*_decode(self._native.vulnerability(_json(request))))

    def risk(
        self,
        years: int | str | tuple[int, int] | None = None,
        sessions: int | str | tuple[int, int] | None = None,
    ) -> Result:
        """Geopolitics-adjusted supply risk of every importer (METHODS §1.7): the
        ``risk`` table. ``sessions``: UN General Assembly sessions averaged (78 = 2023;
        default the latest)."""
        request = {"years": _window(years), "sessions": _window(sessions)}
        return Result(*_decode(self._native.risk(_json(request))))

    def scenario(
        self, spec: str | os.PathLike[str] | Mapping[str, Any], usd_per_unit: float = 1e6
    ) -> Result:
        """Runs a scenario (METHODS §3): a scenario file's path, its TOML text, or the
        same as a dict (``{"scenario": {...}, "restriction": [{...}]}``). The result has
        ``losses``, ``importers``, ``changes`` and, when the session has a table,
        ``io_country_sector`` and ``io_country``. ``usd_per_unit``: USD per unit of the
        table (1e6 for tables in USD million)."""
        if isinstance(spec, Mapping):
            text, label = _toml_dumps(spec), "scenario"
        elif isinstance(spec, os.PathLike) or (
            isinstance(spec, str)
            and "\n" not in spec
            and (spec.endswith(".toml") or Path(spec).is_file())
        ):
            path = Path(spec)
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as e:
                raise BadInputError(f"{path}: {e.strerror}", file=str(path)) from e
            label = str(path)
        else:
            text, label = str(spec), "scenario"
        request = {"toml": text, "label": label, "usd_per_unit": usd_per_unit}
        return Result(*_decode(self._native.scenario(_json(request))))

    def gvc(self, inventories: str = "net") -> Result:
        """GVC indicators of every country-sector and country (METHODS §2): tables
        ``country_sector``, ``country`` and, when the sectors fall in industry groups,
        ``paradox``. ``inventories``: ``"net"`` or ``"ignore"``."""
        request = {"inventories": inventories}
        return Result(*_decode(self._native.gvc(_json(request))))

    def decompose(self, method: str = "kww") -> Result:
        """Gross-exports decomposition (METHODS §2): ``"kww"`` (table ``kww``),
        ``"wwz"`` (``wwz``) or ``"bm"`` (``bm_country_sector`` and ``bm``)."""
        request = {"method": method}
        return Result(*_decode(self._native.decompose(_json(request))))

    def extract(self, country: str, sector: str) -> Result:
        """Hypothetical extraction of one country-sector (METHODS §2): the
        ``extraction`` table, and ``meta`` with the backward and forward totals."""
        request = {"country": country, "sector": sector}
        return Result(*_decode(self._native.extract(_json(request))))

    def exposure(
        self,
        country: str | None = None,
        goods: str | list[str] | None = None,
        years: int | str | tuple[int, int] | None = None,
        split: str = "equal",
        top: int = 50,
        centrality: str = "hhi",
    ) -> Result:
        """Which industries depend on vulnerable imports (docs/exposure.md): tables
        ``industries`` (of ``country``), ``countries`` (every country of the table and
        the trade data, ranked) and, with ``goods`` (HS6 codes or HS2 chapters),
        ``goods_users``. ``split``: ``"equal"`` or ``"output"``; ``meta["link"]`` says
        how goods met the table's industries. Needs both trade data and a table."""
        if isinstance(goods, str):
            goods = [goods]
        request = {
            "country": country,
            "goods": list(goods or []),
            "years": _window(years),
            "split": split,
            "top": top,
            "centrality": centrality,
        }
        return Result(*_decode(self._native.exposure(_json(request))))


    def shift(
        self,
        base: int | str | tuple[int, int],
        compare: int | str | tuple[int, int],
        importers: str | list[str] | None = None,
        exporter: str | None = None,
        goods: str | list[str] = "intermediate",
        sessions: int | str | tuple[int, int] | None = None,
    ) -> Result:
        """Restructuring between two windows (docs/restructuring.md): tables ``shares``
        (each importer's supplier shares of each good in both windows), ``suppliers``
        (the same over all goods), ``transitions``, ``category_transitions``, ``indices``
        (yearly political and geographic distance of suppliers, top supplier's share) and,
        with ``exporter``, ``reallocation``, ``gains`` and ``gainers`` (who took the lost
        shares). ``goods``: ``"intermediate"``, ``"all"`` or HS codes. Open the embedded
        data with ``chainlens.open(series=True)`` for its second window (2022-2023)."""
        if isinstance(importers, str):
            importers = [importers]
        if isinstance(goods, str):
            goods = [goods]
        request = {
            "base": _window(base),
            "compare": _window(compare),
            "importers": list(importers or []),
            "exporter": exporter,
            "goods": list(goods),
            "sessions": _window(sessions),
        }
        return Result(*_decode(self._native.shift(_json(request))))

    def relocation(
        self,
        origin: str,
        via: str,
        to: str,
        base: int | str | tuple[int, int],
        compare: int | str | tuple[int, int],
        split: str = "equal",
    ) -> Result:
        """Relocation through a connector (docs/restructuring.md): the ``relocation``
        table by HS chapter and, when the session has a table holding the countries,
        ``relocation_industries`` (the connector's industries that use the origin's
        intermediates) and ``relocation_value_added`` (the origin's value added in the
        destination's final demand by the exporter it last came from); ``meta["notes"]``
        says what the table lacks."""
        request = {
            "base": _window(base),
            "compare": _window(compare),
            "origin": origin,
            "via": via,
            "to": to,
            "split": split,
        }
        return Result(*_decode(self._native.relocation(_json(request))))


def _decode(answer: tuple[str, list[tuple[str, Any]]]) -> tuple[dict, list]:
    meta, tables = answer
    return json.loads(meta), tables


def open(
    trade: str | os.PathLike[str] | Any | None = None,
    table: str | os.PathLike[str] | None = None,
    columns: Mapping[str, str] | None = None,
    edition: str | None = None,
    intermediate_goods: str | os.PathLike[str] | None = None,
    series: bool = False,
    progress: bool | Any = True,
) -> Session:
    """Opens data once for many calls.

    ``trade``: a BACI directory, zip or year file, a UN Comtrade CSV, a chainlens cache,
    or a pandas or polars DataFrame of bilateral flows (``columns`` maps ``exporter``,
    ``importer``, ``product``, ``year``, ``value`` to its column names; a path with
    ``columns`` is read as a generic bilateral CSV). ``table``: an OECD ICIO CSV, a WIOD
    workbook, a generic CSV or a pymrio folder. ``edition``: the HS edition of the
    codes (``"HS12"``), replacing what the input says. ``intermediate_goods``: a CSV with
    a column ``hs6`` listing the universe of intermediate goods. With neither, both embedded SYNTHETIC
    datasets are opened; with one, only that one. ``series``: the embedded trade data
    with its SYNTHETIC second window (2022-2023), for :meth:`Session.shift`.
    ``progress``: ``True`` shows a bar for each trade file of 64 MiB or more being read
    (``tqdm.auto`` when installed, so it draws in notebooks), ``False`` nothing, or a
    callable ``(file, done, size)`` called for every file, whatever its size.
    """
    keep = None
    spec = None
    if columns is not None:
        spec = ",".join(f"{k}={v}" for k, v in columns.items())
    if trade is not None and (hasattr(trade, "to_csv") or hasattr(trade, "write_csv")):
        if columns is None:
            columns = {c: c for c in _BILATERAL}
            spec = ",".join(f"{k}={v}" for k, v in columns.items())
        keep = tempfile.TemporaryDirectory(prefix="chainlens-")
        path = Path(keep.name) / "flows.csv"
        frame = trade[list(columns.values())]
        if hasattr(frame, "to_csv"):  # pandas
            frame.to_csv(path, index=False)
        else:  # polars
            frame.write_csv(path)
        trade = path
    both = trade is None and table is None
    bar, callback = _progress(progress, min_size=64 << 20)
    try:
        native = _chainlens.NativeSession(
            both or series or trade is not None,
            None if trade is None else os.fspath(trade),
            series,
            spec,
            edition,
            None if intermediate_goods is None else os.fspath(intermediate_goods),
            both or table is not None,
            None if table is None else os.fspath(table),
            callback,
        )
    finally:
        # The engine has read the flows into memory (or failed to).
        if keep is not None:
            keep.cleanup()
        if bar is not None:
            bar.close()
    return Session(native)


def fetch_reference(
    from_dir: str | os.PathLike[str] | None = None,
    mirror: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Installs the reference data (country codes, HS -> BEC, UNGA ideal points, ...)
    into ``data_dir`` (default ``$CHAINLENS_DATA`` or the platform's data directory),
    from a local folder laid out like the catalogue (``from_dir``), a ``mirror`` URL,
    or the publishers. Returns ``{"data_dir": ..., "datasets": [manifest, ...]}``."""
    text = _chainlens.fetch_reference(
        None if from_dir is None else os.fspath(from_dir),
        mirror,
        None if data_dir is None else os.fspath(data_dir),
    )
    return json.loads(text)


def fetch_baci(
    hs: str = "17",
    release: str | None = None,
    from_dir: str | os.PathLike[str] | None = None,
    mirror: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    progress: bool | Any = True,
) -> dict[str, Any]:
    """Installs a CEPII BACI release zip (``hs`` edition ``"92"`` ... ``"22"``,
    ``release`` such as ``"V202501"``, default the latest chainlens knows) into
    ``data_dir``, from CEPII, a ``mirror`` URL or a local folder (``from_dir``), as
    ``chainlens fetch baci`` does. ``progress``: ``True`` shows a bar (``tqdm.auto`` when
    installed, so it draws in notebooks), ``False`` nothing, or a callable
    ``(url, done, total)``. Ctrl-C stops the download with ``KeyboardInterrupt`` and keeps
    what has arrived: the next call resumes. Returns ``{"data_dir": ..., "dataset":
    manifest}``; open the zip with ``chainlens.open(trade=...)``."""
    bar, callback = _progress(progress)
    try:
        text = _chainlens.fetch_baci(
            hs,
            release,
            None if from_dir is None else os.fspath(from_dir),
            mirror,
            None if data_dir is None else os.fspath(data_dir),
            callback,
        )
    finally:
        if bar is not None:
            bar.close()
    return json.loads(text)


def _progress(progress: bool | Any, min_size: int = 0) -> tuple[_Bar | None, Any]:
    """What a ``progress`` argument means: ``True`` a :class:`_Bar` (returned too, to be
    closed), ``False`` or ``None`` nothing, a callable itself."""
    bar = _Bar(min_size) if progress is True else None
    return bar, bar if bar is not None else (progress or None)


class _Bar:
    """A byte bar drawn by ``tqdm.auto`` (a widget in notebooks, text elsewhere) for a
    download or a file being read, a new bar for each file; nothing when tqdm is not
    installed or the file is smaller than ``min_size``."""

    def __init__(self, min_size: int = 0) -> None:
        self._bar = None
        self._label = None
        self._min_size = min_size
        try:
            from tqdm.auto import tqdm
        except ImportError:
            self._tqdm = None
        else:
            self._tqdm = tqdm

    def __call__(self, label: str, done: int, total: int | None) -> None:
        if self._tqdm is None or (total is not None and total < self._min_size):
            return
        if self._bar is None or label != self._label:
            self.close()
            name = label.replace("\\", "/").rsplit("/", 1)[-1]
            self._bar = self._tqdm(total=total, unit="B", unit_scale=True, desc=name)
            self._label = label
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


from . import chain  # noqa: E402  (chain.py uses the names above)
