"""Mutations of one input file for the campaign (issue 14): byte-level edits (a flipped
bit, an inserted or deleted byte, a truncation, invalid UTF-8, NUL, CR) and field-level
edits of CSV rows (an empty, dropped or added field, a non-finite or out-of-range number,
an unknown code, swapped lines, a duplicated header, every field quoted) and of TOML
`key = value` lines. Every mutation is drawn from the `random.Random` it is given, so a
run is reproduced by its seed; each returns the new bytes and a short description.
"""

import random

# Values a number or code field can be replaced with: not finite, negative, overflowing
# on summation, beyond 64 bits, or codes no table holds.
HOSTILE_VALUES = [
    "",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "-1",
    "0",
    "1e305",
    "-1e305",
    "1e400",
    "99999999999999999999999",
    "18446744073709551616",
    "-9223372036854775809",
    "XYZ",
    "999999",
    "ZZZ_99",
    "1.5.3",
    "0x10",
    " 1 ",
    "\u00e9",
]

# Values a TOML value can be replaced with.
HOSTILE_TOML_VALUES = [
    "nan",
    "inf",
    "-inf",
    "-1",
    "0",
    "1e305",
    "99999999999999999999999",
    '"XYZ"',
    '""',
    "[]",
    '["XYZ", "XYZ"]',
    "{}",
    "true",
    '"\u00e9"',
    "1979-05-27",
    "",
]


def byte_mutation(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One byte-level edit of `data`."""
    n = len(data)
    pos = rng.randrange(n + 1) if n else 0
    kind = rng.choice(
        ["flip", "insert", "delete", "truncate", "utf8", "nul", "cr", "crlf", "bom"]
    )
    if kind == "flip" and n:
        pos = min(pos, n - 1)
        bit = 1 << rng.randrange(8)
        return data[:pos] + bytes([data[pos] ^ bit]) + data[pos + 1 :], f"flip bit {bit} at {pos}"
    if kind == "insert":
        byte = bytes([rng.randrange(256)])
        return data[:pos] + byte + data[pos:], f"insert {byte!r} at {pos}"
    if kind == "delete" and n:
        length = rng.randint(1, min(16, n - min(pos, n - 1)))
        pos = min(pos, n - 1)
        return data[:pos] + data[pos + length :], f"delete {length} bytes at {pos}"
    if kind == "truncate":
        return data[:pos], f"truncate at {pos}"
    if kind == "utf8":
        bad = rng.choice([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf"])
        return data[:pos] + bad + data[pos:], f"invalid UTF-8 {bad!r} at {pos}"
    if kind == "nul":
        return data[:pos] + b"\x00" + data[pos:], f"NUL at {pos}"
    if kind == "cr":
        return data[:pos] + b"\r" + data[pos:], f"CR at {pos}"
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n"), "CRLF line ends"
    if kind == "bom":
        return b"\xef\xbb\xbf" + data, "UTF-8 BOM"
    return data[:pos], f"truncate at {pos}"


def _split_lines(data: bytes) -> tuple[list[bytes], bool]:
    """The lines of `data` and whether it ended with a newline."""
    ends = data.endswith(b"\n")
    lines = data.split(b"\n")
    if ends:
        lines.pop()
    return lines, ends


def _join_lines(lines: list[bytes], ends: bool) -> bytes:
    return b"\n".join(lines) + (b"\n" if ends and lines else b"")


def csv_field_mutation(data: bytes, rng: random.Random, sep: bytes = b",") -> tuple[bytes, str]:
    """One field- or line-level edit of a delimited text file (`sep` between fields)."""
    lines, ends = _split_lines(data)
    if len(lines) < 2:
        return byte_mutation(data, rng)
    row = rng.randrange(1, len(lines))
    fields = lines[row].split(sep)
    col = rng.randrange(len(fields))
    kind = rng.choice(
        [
            "value",
            "value",
            "value",
            "empty",
            "drop",
            "add",
            "swap",
            "dup_header",
            "no_header",
            "quote_all",
            "dup_line",
            "blank_line",
            "cut_last",
            "header_value",
        ]
    )
    where = f"line {row + 1} field {col + 1}"
    if kind == "value":
        value = rng.choice(HOSTILE_VALUES)
        fields[col] = value.encode()
        lines[row] = sep.join(fields)
        return _join_lines(lines, ends), f"{where} := {value!r}"
    if kind == "empty":
        fields[col] = b""
        lines[row] = sep.join(fields)
        return _join_lines(lines, ends), f"{where} emptied"
    if kind == "drop":
        del fields[col]
        lines[row] = sep.join(fields)
        return _join_lines(lines, ends), f"{where} dropped"
    if kind == "add":
        fields.insert(col, rng.choice(HOSTILE_VALUES).encode())
        lines[row] = sep.join(fields)
        return _join_lines(lines, ends), f"{where} added"
    if kind == "swap":
        other = rng.randrange(len(lines))
        lines[row], lines[other] = lines[other], lines[row]
        return _join_lines(lines, ends), f"lines {row + 1} and {other + 1} swapped"
    if kind == "dup_header":
        lines.insert(row, lines[0])
        return _join_lines(lines, ends), f"header repeated at line {row + 1}"
    if kind == "no_header":
        return _join_lines(lines[1:], ends), "header removed"
    if kind == "quote_all":
        quoted = [
            sep.join(b'"' + f.replace(b'"', b'""') + b'"' for f in line.split(sep))
            for line in lines
        ]
        return _join_lines(quoted, ends), "every field quoted"
    if kind == "dup_line":
        lines.insert(row, lines[row])
        return _join_lines(lines, ends), f"line {row + 1} repeated"
    if kind == "blank_line":
        lines.insert(row, b"")
        return _join_lines(lines, ends), f"blank line at {row + 1}"
    if kind == "cut_last":
        last = lines[-1]
        cut = rng.randrange(len(last) + 1) if last else 0
        lines[-1] = last[:cut]
        return _join_lines(lines, False), f"last line cut at byte {cut}, no final newline"
    header = lines[0].split(sep)
    hcol = rng.randrange(len(header))
    header[hcol] = rng.choice([b"", b"XYZ", header[(hcol + 1) % len(header)]])
    lines[0] = sep.join(header)
    return _join_lines(lines, ends), f"header field {hcol + 1} := {header[hcol]!r}"


def toml_field_mutation(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One key- or line-level edit of a TOML file."""
    lines, ends = _split_lines(data)
    assigns = [i for i, line in enumerate(lines) if b"=" in line and not line.lstrip().startswith(b"#")]
    tables = [i for i, line in enumerate(lines) if line.lstrip().startswith(b"[")]
    if not assigns:
        return byte_mutation(data, rng)
    row = rng.choice(assigns)
    key = lines[row].split(b"=", 1)[0]
    kind = rng.choice(
        ["value", "value", "value", "delete", "dup_line", "dup_table", "swap", "unknown_key", "deep_key", "table_to_array"]
    )
    where = f"line {row + 1} ({key.strip().decode(errors='replace')})"
    if kind == "value":
        value = rng.choice(HOSTILE_TOML_VALUES)
        lines[row] = key + b"= " + value.encode()
        return _join_lines(lines, ends), f"{where} := {value!r}"
    if kind == "delete":
        del lines[row]
        return _join_lines(lines, ends), f"{where} deleted"
    if kind == "dup_line":
        lines.insert(row, lines[row])
        return _join_lines(lines, ends), f"{where} repeated"
    if kind == "dup_table" and tables:
        t = rng.choice(tables)
        lines.insert(rng.randrange(len(lines) + 1), lines[t])
        return _join_lines(lines, ends), f"table header of line {t + 1} repeated"
    if kind == "swap":
        other = rng.randrange(len(lines))
        lines[row], lines[other] = lines[other], lines[row]
        return _join_lines(lines, ends), f"lines {row + 1} and {other + 1} swapped"
    if kind == "unknown_key":
        lines.insert(row, b"unknown_key = 1")
        return _join_lines(lines, ends), f"unknown key at line {row + 1}"
    if kind == "deep_key":
        lines.insert(row, b"a.b.c.d.e.f.g.h = 1")
        return _join_lines(lines, ends), f"deep dotted key at line {row + 1}"
    if tables:
        t = rng.choice(tables)
        line = lines[t].strip()
        lines[t] = line[1:-1] if line.startswith(b"[[") else b"[" + line + b"]"
        return _join_lines(lines, ends), f"table header of line {t + 1} toggled array/table"
    return byte_mutation(data, rng)


def mutate(data: bytes, syntax: str, rng: random.Random) -> tuple[bytes, str]:
    """One to three mutations of a file in `syntax` (`csv`, `tsv` or `toml`): field-level
    about half the time, else byte-level."""
    notes = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if rng.random() < 0.5:
            data, note = byte_mutation(data, rng)
        elif syntax == "toml":
            data, note = toml_field_mutation(data, rng)
        else:
            data, note = csv_field_mutation(data, rng, b"\t" if syntax == "tsv" else b",")
        notes.append(note)
    return data, "; ".join(notes)
