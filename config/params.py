"""Query parameters read one way everywhere: ASCII digits within bounds, never a 500.

`int("abc")`, `int("²")` (which passes `str.isdigit`) and `int("1" * 5000)` all raise;
an out-of-range year reaches the database as a date it cannot build. Pages fall back to
the default (a bookmarked link with a stale parameter still opens); the API answers 400
with a sentence, so a client learns what it sent wrong.
"""

from __future__ import annotations

import re

from django.http import HttpRequest
from django.utils.translation import gettext as _

_ASCII_INT = re.compile(r"[+-]?[0-9]{1,15}")


def parse_int(raw: object, low: int, high: int) -> int | None:
    """The integer `raw` spells in ASCII digits, when within [low, high]; else None."""
    if not isinstance(raw, str) or not _ASCII_INT.fullmatch(raw.strip()):
        return None
    value = int(raw.strip())
    return value if low <= value <= high else None


def is_ascii_id(raw: object) -> bool:
    """A positive database id in ASCII digits (what a `?opd=` or `?employee=` may hold)."""
    return parse_int(raw, 1, 2**63 - 1) is not None


def query_int(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    """`?name=` as an integer in [low, high]; missing or empty gives `default`.

    A bad value gives `default` on a page and a 400 from the API (a DRF request).
    """
    params = getattr(request, "query_params", None)
    raw = (params if params is not None else request.GET).get(name)
    if raw in (None, ""):
        return default
    value = parse_int(raw, low, high)
    if value is not None:
        return value
    if params is None:
        return default
    from rest_framework.exceptions import ValidationError

    raise ValidationError(
        {name: [_("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}]}
    )
