"""One helper for every CSV and XLSX export: no cell is ever a live formula.

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` (and some also
after a leading tab or carriage return) as a formula, so a name imported as
`=HYPERLINK("http://evil", "klik")` would become a working link, or worse, in the
export a clerk opens. Such text gets a leading apostrophe, the spreadsheet's own
"this is text" mark (OWASP, "CSV injection"). Numbers stay numbers; a string that is a
plain number (`-12,5`) is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)*")


def neutralise(value: object) -> object:
    """The value as an export may write it: text that could start a formula is quoted."""
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def neutralise_row(values: Iterable[object]) -> list[object]:
    return [neutralise(value) for value in values]
