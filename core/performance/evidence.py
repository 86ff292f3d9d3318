"""Evidence files: checked by content, photos downscaled, stored under random names.

An upload is accepted by what it is, not by what it is called: its first bytes must be a
JPEG, PNG or WebP photo that Pillow can open, or a PDF document (a file that is HTML
inside is refused whatever its name). Photos are re-encoded as JPEG of at most 1,600 px
on the long side and at most 1 MB, which also drops their metadata (GPS position,
camera serial). The stored name is random (`evidence/<year>/<month>/<uuid>.<ext>`, under
the city's schema), so nobody can guess another person's file; files are served only through
`core.performance.views.evidence` after an access check, never from `/media/`.
"""

from __future__ import annotations

import io
import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from core.performance.rules import EVIDENCE_MAX_BYTES

PHOTO_MAX_SIDE = 1600
PHOTO_MAX_BYTES = 1024 * 1024
# Pillow refuses to open images with more pixels than this (a "decompression bomb").
PHOTO_MAX_PIXELS = 40_000_000

CONTENT_TYPES = {"jpg": "image/jpeg", "pdf": "application/pdf"}
_HTML_MARKERS = (b"<html", b"<!doctype", b"<script", b"<body", b"<svg", b"<?xml")


def sniff(head: bytes) -> str | None:
    """What the first bytes say a file is: "photo", "pdf" or None."""
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        return "photo"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "photo"
    if head.startswith(b"%PDF-"):
        return "pdf"
    return None


def looks_like_html(data: bytes) -> bool:
    """A PDF header in front of markup: a browser would render it as a page."""
    sample = data[:4096].lower()
    return any(marker in sample for marker in _HTML_MARKERS)


def _refuse_type() -> ValidationError:
    return ValidationError(
        _("Evidence must be a photo (JPG, PNG, WebP) or a PDF document."), code="evidence_type"
    )


def prepare_evidence(upload: UploadedFile | None) -> ContentFile | None:
    """The file to store for an upload (None for none), or ValidationError with a sentence."""
    if upload is None:
        return None
    if (upload.size or 0) > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("The evidence file is larger than 5 MB."), code="evidence_size")
    upload.seek(0)
    data = upload.read(EVIDENCE_MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("The evidence file is larger than 5 MB."), code="evidence_size")
    kind = sniff(data[:16])
    if kind == "pdf":
        if looks_like_html(data) or b"%%EOF" not in data[-2048:]:
            raise _refuse_type()
        return ContentFile(data, name=random_name("pdf"))
    if kind == "photo":
        return ContentFile(downscale_photo(data), name=random_name("jpg"))
    raise _refuse_type()


def downscale_photo(data: bytes) -> bytes:
    """A JPEG of at most PHOTO_MAX_SIDE px on its long side and PHOTO_MAX_BYTES."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > PHOTO_MAX_PIXELS:
                raise _refuse_type()
            opened.load()
            image: Image.Image = ImageOps.exif_transpose(opened) or opened
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, "white")
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            for quality in (85, 75, 65, 50, 35):
                out = io.BytesIO()
                image.save(out, "JPEG", quality=quality, optimize=True)
                if out.tell() <= PHOTO_MAX_BYTES:
                    return out.getvalue()
            image.thumbnail((PHOTO_MAX_SIDE // 2, PHOTO_MAX_SIDE // 2))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=50, optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise _refuse_type() from exc


def random_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"


def storage_path(folder: str, day: date, filename: str) -> str:
    """`<folder>/<yyyy>/<mm>/<random>.<ext>` (the storage puts it under the city's schema);
    the random part is drawn again here, whatever the caller named the file."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{day:%Y/%m}/{random_name(extension)}"


def content_type_of(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CONTENT_TYPES.get(extension, "application/octet-stream")
