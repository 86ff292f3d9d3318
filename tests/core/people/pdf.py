"""Reading the text of the PDFs reportlab writes (ASCII85 + Flate streams), for tests."""

from __future__ import annotations

import base64
import re
import zlib

_STREAM = re.compile(
    rb"/Filter \[ /ASCII85Decode /FlateDecode \][^>]*>>\s*stream\r?\n(.*?)endstream", re.S
)


def pdf_text(data: bytes) -> str:
    """The content streams of a reportlab PDF, decoded (text shows as `(...) Tj`)."""
    parts = []
    for match in _STREAM.finditer(data):
        raw = match.group(1).strip()
        raw = raw.removeprefix(b"<~").removesuffix(b"~>")
        try:
            parts.append(zlib.decompress(base64.a85decode(raw)).decode("latin-1"))
        except (ValueError, zlib.error):
            continue
    return "\n".join(parts)


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", data))


def activation_codes(data: bytes) -> list[str]:
    return re.findall(r"\(([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2})\)", pdf_text(data))
