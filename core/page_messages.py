"""A service call from a page: its refusal becomes the page's messages, else a success."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def show_refusal(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def attempt(request: HttpRequest, action: Callable[[], object], *, ok: str) -> bool:
    """Run one service call; its validation messages become page messages."""
    try:
        action()
    except ValidationError as exc:
        show_refusal(request, exc)
        return False
    messages.success(request, ok)
    return True


@contextmanager
def outcome(request: HttpRequest, *, ok: str) -> Iterator[None]:
    """`attempt` as a block, for a call whose result the view goes on to use."""
    try:
        yield
    except ValidationError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, ok)
