"""Type stubs of the native module ``chainlens._chainlens`` (internal: use ``chainlens``)."""

from os import PathLike

_Answer = tuple[str, list[tuple[str, bytes]]]

class NativeSession:
    def __init__(
        self,
        trade: bool,
        trade_path: str | PathLike[str] | None,
        columns: str | None,
        edition: str | None,
        intermediate_goods: str | PathLike[str] | None,
        table: bool,
        table_path: str | PathLike[str] | None,
    ) -> None: ...
    def info(self) -> str: ...
    def vulnerability(self, json: str) -> _Answer: ...
    def risk(self, json: str) -> _Answer: ...
    def scenario(self, json: str) -> _Answer: ...
    def gvc(self, json: str) -> _Answer: ...
    def decompose(self, json: str) -> _Answer: ...
    def extract(self, json: str) -> _Answer: ...

def fetch_reference(
    from_dir: str | PathLike[str] | None,
    mirror: str | None,
    data_dir: str | PathLike[str] | None,
) -> str: ...
