"""Digits at the edge: every form and query value reaches the views in ASCII digits.

Python reads `١٢٣` (Arabic-Indic), `１２３` (full-width) or `१२३` (Devanagari) as 123:
`int()`, `str.isdigit()` and regex `\\d` all accept them. Left alone, a NIP typed
with such digits would be stored as text no search finds, while a number beside it
is silently converted. Decision: normalise every Unicode decimal digit to ASCII in
query strings and form posts before any view or form sees them (passwords excepted:
they are compared as typed), and refuse them in JSON where a NIP is expected
(core.accounts.api.serializers normalises the NIP too).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

from core.accounts.rules import to_ascii_digits

_KEEP_AS_TYPED = ("password", "secret")


def _has_foreign_digits(text: str) -> bool:
    return any(ch.isdecimal() and not ch.isascii() for ch in text)


def normalise_query_dict(data: QueryDict) -> QueryDict:
    """A copy of `data` with foreign digits made ASCII (itself if there were none)."""
    if not any(
        _has_foreign_digits(value)
        for key, values in data.lists()
        if not any(word in key.lower() for word in _KEEP_AS_TYPED)
        for value in values
    ):
        return data
    copy = data.copy()
    for key, values in data.lists():
        if any(word in key.lower() for word in _KEEP_AS_TYPED):
            continue
        copy.setlist(key, [to_ascii_digits(value) for value in values])
    copy._mutable = False
    return copy


class AsciiDigitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.GET:
            request.GET = normalise_query_dict(request.GET)
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method == "POST" and content_type.startswith(
            "application/x-www-form-urlencoded"
        ):
            request.POST = normalise_query_dict(request.POST)
        return self.get_response(request)
