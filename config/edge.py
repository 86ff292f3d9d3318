"""Refusing hostile input at the edge, before any view or database sees it.

A NUL byte or an unpaired UTF-16 surrogate cannot be stored in PostgreSQL text, and a
deeply nested JSON body overflows Python's recursion limit inside the parser; each used
to surface as a 500 somewhere behind. This middleware answers 400 with a sentence
instead: JSON under `/api/`, a short page elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

JSON_MAX_DEPTH_DEFAULT = 32


def has_forbidden_characters(text: str) -> bool:
    """True when `text` holds a NUL character or a lone UTF-16 surrogate."""
    if "\x00" in text:
        return True
    return any("\ud800" <= char <= "\udfff" for char in text)


def json_depth_exceeds(body: bytes, limit: int) -> bool:
    """True when arrays/objects in `body` nest deeper than `limit` (strings skipped).

    A linear scan, so a body of 100,000 `[` is refused without recursion.
    """
    depth = 0
    in_string = False
    escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def _json_has_forbidden(value: object) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_forbidden_characters(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class HostileInputMiddleware:
    """400 for NUL bytes and lone surrogates in the path, query or body; JSON limits."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.max_depth = getattr(settings, "JSON_MAX_DEPTH", JSON_MAX_DEPTH_DEFAULT)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = self.problem(request)
        if problem:
            return refusal(request, problem)
        return self.get_response(request)

    def problem(self, request: HttpRequest) -> str | None:
        unreadable = _("The request contains characters that cannot be read (such as a NUL byte).")
        if has_forbidden_characters(request.path_info):
            return unreadable
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in query or b"\x00" in unquote_to_bytes(query):
            return unreadable
        for key, values in request.GET.lists():
            if has_forbidden_characters(key) or any(map(has_forbidden_characters, values)):
                return unreadable
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        content_type = request.content_type or ""
        if content_type == "application/x-www-form-urlencoded":
            return self.form_problem(request, unreadable)
        if content_type.endswith("json"):
            return self.json_problem(request, unreadable)
        return None

    def form_problem(self, request: HttpRequest, unreadable: str) -> str | None:
        try:
            body = request.body
        except RequestDataTooBig:
            return _("The request is too large.")
        if b"\x00" in body or b"\x00" in unquote_to_bytes(body.replace(b"+", b" ")):
            return unreadable
        return None

    def json_problem(self, request: HttpRequest, unreadable: str) -> str | None:
        try:
            body = request.body
        except RequestDataTooBig:
            return _("The request is too large.")
        if json_depth_exceeds(body, self.max_depth):
            return _("The data is nested too deeply.")
        try:
            data = json.loads(body) if body.strip() else None
        except (ValueError, RecursionError):
            return None  # malformed JSON: the parser behind answers with its own 400
        if _json_has_forbidden(data):
            return unreadable
        return None


def refusal(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return JsonResponse({"message": message}, status=status)
    page = (
        '<!doctype html><html lang="id"><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(message)}</title><p>{escape(message)}</p></html>"
    )
    return HttpResponse(page, status=status)
