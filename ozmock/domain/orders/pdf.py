"""Tiny document writers for labels, acts and barcodes: valid PDF 1.4 files (text in Helvetica,
barcode bars as filled rectangles) and 1-bit PNG barcode images, with no dependency.

Barcodes use Interleaved 2 of 5 (digits), a real symbology a scanner app can read; texts are
ASCII (Cyrillic is transliterated), so any PDF reader extracts them.
"""
from __future__ import annotations

import struct
import zlib
from typing import Iterable

from ...registry import FileBody
from .data import translit

MM = 72 / 25.4
ITF = {"0": "nnwwn", "1": "wnnnw", "2": "nwnnw", "3": "wwnnn", "4": "nnwnw",
       "5": "wnwnn", "6": "nwwnn", "7": "nnnww", "8": "wnnwn", "9": "nwnwn"}


def itf_modules(digits: str) -> list[tuple[bool, int]]:
    """(is_bar, width in modules) runs for an Interleaved 2 of 5 barcode of `digits`."""
    digits = "".join(ch for ch in digits if ch.isdigit()) or "0"
    if len(digits) % 2:
        digits = "0" + digits
    runs: list[tuple[bool, int]] = [(True, 1), (False, 1), (True, 1), (False, 1)]
    for a, b in zip(digits[0::2], digits[1::2]):
        for bar, space in zip(ITF[a], ITF[b]):
            runs.append((True, 3 if bar == "w" else 1))
            runs.append((False, 3 if space == "w" else 1))
    runs += [(True, 3), (False, 1), (True, 1)]
    return runs


def _escape(text: str) -> str:
    text = translit(text)
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


class Page:
    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.ops: list[str] = []

    def text(self, x: float, y: float, text: str, size: float = 9, bold: bool = False) -> "Page":
        font = "F2" if bold else "F1"
        self.ops.append(f"BT /{font} {size:g} Tf {x:.2f} {y:.2f} Td ({_escape(text)}) Tj ET")
        return self

    def rect(self, x: float, y: float, w: float, h: float) -> "Page":
        self.ops.append(f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re f")
        return self

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.8) -> "Page":
        self.ops.append(f"{width:g} w {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")
        return self

    def barcode(self, x: float, y: float, digits: str, width: float, height: float) -> "Page":
        runs = itf_modules(digits)
        module = width / sum(w for _, w in runs)
        cursor = x
        for is_bar, w in runs:
            if is_bar:
                self.rect(cursor, y, w * module, height)
            cursor += w * module
        return self


def pdf(pages: Iterable[Page], title: str = "ozmock") -> bytes:
    """A PDF file with the given pages."""
    pages = list(pages)
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")
    tree = add(b"")
    regular = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    kids = []
    for page in pages:
        stream = "\n".join(page.ops).encode("latin-1", "replace")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add((f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {page.width:.2f} {page.height:.2f}] "
                         f"/Resources << /Font << /F1 {regular} 0 R /F2 {bold} 0 R >> >> "
                         f"/Contents {content} 0 R >>").encode()))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode()
    objects[tree - 1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                         f"/Count {len(kids)} >>").encode()
    info = add(f"<< /Title ({_escape(title)}) /Producer (ozmock) >>".encode())
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode() + b"0000000000 65535 f \n"
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def png_barcode(digits: str, module: int = 2, height: int = 80, quiet: int = 10) -> bytes:
    """A black-and-white PNG of an Interleaved 2 of 5 barcode."""
    runs = itf_modules(digits)
    row_bits: list[int] = [0] * (quiet * module)
    for is_bar, w in runs:
        row_bits += [1 if is_bar else 0] * (w * module)
    row_bits += [0] * (quiet * module)
    width = len(row_bits)
    row = bytearray()
    for start in range(0, width, 8):
        chunk = row_bits[start:start + 8] + [0] * (8 - len(row_bits[start:start + 8]))
        byte = 0
        for bit in chunk:          # PNG grayscale 1-bit: 0 = black, so invert bars
            byte = (byte << 1) | (0 if bit else 1)
        row.append(byte)
    raw = b"".join(b"\x00" + bytes(row) for _ in range(height))

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def file_body(content: bytes, name: str, kind: str = "application/pdf") -> FileBody:
    """A document as the live API sends it: the raw file with its media type (not JSON)."""
    return FileBody(content=content, media_type=kind, filename=name)
