"""Checks that a PNG screenshot shows a drawing: decodes it (stdlib only) and requires
enough non-white pixels and each given colour (hex, exact) to be present.

Usage: python3 check_png.py FILE MIN_INK_SHARE [#rrggbb ...]
"""

import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                sys.exit(f"{path}: unsupported PNG (depth {depth}, colour type {colour})")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    out = []
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = row[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                row[i] = (row[i] + left) & 255
            elif kind == 2:
                row[i] = (row[i] + up) & 255
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                row[i] = (row[i] + pred) & 255
        out.extend(bytes(row[i : i + 3]) for i in range(0, stride, channels))
        previous = row
    return out


def main():
    path, min_ink = sys.argv[1], float(sys.argv[2])
    px = pixels(path)
    ink = sum(1 for p in px if p != b"\xff\xff\xff") / len(px)
    present = set(px)
    missing = [c for c in sys.argv[3:] if bytes.fromhex(c.lstrip("#")) not in present]
    print(f"{path}: {len(px)} pixels, {ink:.1%} ink, {len(present)} colours")
    if ink < min_ink:
        sys.exit(f"{path}: only {ink:.2%} of the pixels are drawn (need {min_ink:.0%})")
    if missing:
        sys.exit(f"{path}: colours not rendered: {' '.join(missing)}")


main()
