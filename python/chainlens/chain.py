"""Regional industrial chains (METHODS §4): a chain file checked once, then diagnosed,
disrupted and matched with candidates, every table from the engine::

    import chainlens
    c = chainlens.chain.open("examples/chains/eyewear-ouhai.toml")
    c.diagnose().diagnosis.to_pandas()
    c.disrupt("country:JPN").substitutes.to_pandas()
    c.attract("examples/chains/eyewear-candidates.csv").attraction.to_pandas()

The trade layer (who supplies each segment's goods, political distance) reads the
session's trade data: by default the embedded SYNTHETIC data and table.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from . import Result, Session, _chainlens, _decode, _json, _window
from . import open as _open_session
from ._errors import BadInputError


def _read(path: str | os.PathLike[str]) -> str:
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise BadInputError(f"{path}: {e.strerror}", file=str(path)) from e


class Chain:
    """A chain file with the session whose trade data its trade layer reads."""

    def __init__(self, toml: str, label: str, session: Session) -> None:
        self._source = {"toml": toml, "label": label}
        self._session = session

    def _trade(self, years: Any, sessions: Any) -> dict[str, Any]:
        return {"years": _window(years), "sessions": _window(sessions)}

    def diagnose(self, years: Any = None, sessions: Any = None) -> Result:
        """Segment diagnosis (``diagnosis``), the trade layer (``exposure``), the
        coupling mix (``coupling``) and, when the session has a table, each segment's
        industries and their exposure (``industries``); ``meta["warnings"]``."""
        request = {"chain": self._source, "trade": self._trade(years, sessions)}
        return Result(*_decode(self._session._native.chain_diagnose(_json(request))))

    def disrupt(self, remove: str, years: Any = None, sessions: Any = None) -> Result:
        """Removes ``firm:ID``, ``country:ISO3`` or ``scale:...`` and ranks substitutes
        for every broken link (``substitutes``)."""
        request = {
            "chain": self._source,
            "remove": remove,
            "trade": self._trade(years, sessions),
        }
        return Result(*_decode(self._session._native.chain_disrupt(_json(request))))

    def attract(self, candidates: str | os.PathLike[str]) -> Result:
        """Ranks candidate firms and institutes (a CSV path, or its text) against the
        chain's gaps (``attraction``)."""
        if isinstance(candidates, os.PathLike) or (
            isinstance(candidates, str) and "\n" not in candidates
        ):
            text, label = _read(candidates), str(candidates)
        else:
            text, label = str(candidates), "candidates"
        request = {"chain": self._source, "candidates": text, "candidates_label": label}
        return Result(*_decode(_chainlens.chain_attract(_json(request))))


def open(path: str | os.PathLike[str], session: Session | None = None) -> Chain:
    """Reads a chain file (TOML, docs/chain-format.md); ``session`` supplies the trade
    data (default: ``chainlens.open()``, the embedded SYNTHETIC data and table)."""
    return Chain(_read(path), str(path), session or _open_session())
