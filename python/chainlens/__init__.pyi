"""Type stubs of the chainlens package (see ``chainlens/__init__.py`` for the docs)."""

import os
from typing import Any, Callable, Iterator, Mapping

import pyarrow as pa

from ._errors import BadInputError as BadInputError
from ._errors import ChainlensError as ChainlensError
from ._errors import MissingDataError as MissingDataError
from . import chain as chain

_Years = int | str | tuple[int, int] | None
_Path = str | os.PathLike[str]

class Result:
    """The tables (``pyarrow.Table``, also as attributes) and scalar fields of a call.

    The tables share the engine's Arrow buffers (imported through the Arrow PyCapsule
    interface) and have the column types of the CLI's ``--format parquet`` files."""

    meta: dict[str, Any]
    tables: dict[str, pa.Table]
    def __getattr__(self, name: str) -> pa.Table: ...
    def __getitem__(self, name: str) -> pa.Table: ...
    def __iter__(self) -> Iterator[str]: ...
    def to_pandas(self) -> dict[str, Any]: ...
    def to_polars(self) -> dict[str, Any]: ...

class Session:
    """Data opened once and shared by every call; safe across threads; Ctrl-C
    interrupts a call (``KeyboardInterrupt``) and leaves the session usable."""

    def info(self) -> dict[str, Any]: ...
    def vulnerability(
        self, importers: str | list[str] = "CHN", years: _Years = None, centrality: str = "hhi"
    ) -> Result: ...
    def risk(self, years: _Years = None, sessions: _Years = None) -> Result: ...
    def scenario(self, spec: _Path | Mapping[str, Any], usd_per_unit: float = 1e6) -> Result: ...
    def gvc(self, inventories: str = "net") -> Result: ...
    def decompose(self, method: str = "kww") -> Result: ...
    def extract(self, country: str, sector: str) -> Result: ...
    def exposure(
        self,
        country: str | None = None,
        goods: str | list[str] | None = None,
        years: _Years = None,
        split: str = "equal",
        top: int = 50,
        centrality: str = "hhi",
    ) -> Result: ...
    def shift(
        self,
        base: _Years,
        compare: _Years,
        importers: str | list[str] | None = None,
        exporter: str | None = None,
        goods: str | list[str] = "intermediate",
        sessions: _Years = None,
    ) -> Result: ...
    def relocation(
        self,
        origin: str,
        via: str,
        to: str,
        base: _Years,
        compare: _Years,
        split: str = "equal",
    ) -> Result: ...

def open(
    trade: _Path | Any | None = None,
    table: _Path | None = None,
    columns: Mapping[str, str] | None = None,
    edition: str | None = None,
    intermediate_goods: _Path | None = None,
    series: bool = False,
    progress: bool | Callable[[str, int, int], object] = True,
) -> Session: ...
def fetch_reference(
    from_dir: _Path | None = None, mirror: str | None = None, data_dir: _Path | None = None
) -> dict[str, Any]: ...
def fetch_baci(
    hs: str = "17",
    release: str | None = None,
    from_dir: _Path | None = None,
    mirror: str | None = None,
    data_dir: _Path | None = None,
    progress: bool | Callable[[str, int, int | None], object] = True,
) -> dict[str, Any]: ...
