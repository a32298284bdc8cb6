"""The exceptions chainlens raises, one per kind of engine error.

The native module raises these with the engine's message and, for bad input, where it
is: ``file`` (a file, or the request field such as ``--years``), ``line`` (1-based, when
the input has lines) and ``field`` (a column, key or dotted path). Internal errors (a
chainlens bug) are raised as ``RuntimeError``.
"""

from __future__ import annotations


class ChainlensError(Exception):
    """Base class of the errors that are the input's, not chainlens' own."""

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.field = field


class BadInputError(ChainlensError, ValueError):
    """The user's input is wrong: a file, an argument or a scenario key.

    ``.file``, ``.line`` and ``.field`` say where, when the engine knows.
    """


class MissingDataError(ChainlensError, LookupError):
    """Data the call needs is not there: trade data or a table the session did not
    open, or reference data that is not installed (see ``chainlens.fetch_reference``)."""
