"""A scenario given as a dict, written as the TOML text the engine reads.

Only what scenario files use: tables of strings, numbers, booleans and lists of them,
and arrays of tables (``[[restriction]]``). The engine checks the result as it checks a
file, so a wrong key fails there with its name.
"""

from __future__ import annotations

import json
from typing import Any, Mapping


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{json.dumps(str(k))} = {_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"a scenario value cannot be {type(v).__name__}: {v!r}")


def _is_tables(v: Any) -> bool:
    return isinstance(v, (list, tuple)) and bool(v) and all(isinstance(x, Mapping) for x in v)


def dumps(spec: Mapping[str, Any]) -> str:
    """The TOML text of ``spec``."""
    lines: list[str] = []
    for key, v in spec.items():
        if not isinstance(v, Mapping) and not _is_tables(v):
            lines.append(f"{json.dumps(str(key))} = {_value(v)}")
    for key, v in spec.items():
        if isinstance(v, Mapping):
            lines.append(f"\n[{json.dumps(str(key))}]")
            lines.extend(f"{json.dumps(str(k))} = {_value(x)}" for k, x in v.items())
        elif _is_tables(v):
            for table in v:
                lines.append(f"\n[[{json.dumps(str(key))}]]")
                lines.extend(f"{json.dumps(str(k))} = {_value(x)}" for k, x in table.items())
    return "\n".join(lines).lstrip("\n") + "\n"
