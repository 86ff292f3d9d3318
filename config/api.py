"""API conventions shared by every host: errors are JSON with a human message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.utils.serializer_helpers import BindingDict
from rest_framework.views import exception_handler


def json_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, reshaped to `{"message": ..., "errors": {...}}`.

    A service's refusal (Django's ValidationError) is a 400 like a serializer's: its
    field errors as they are, a message without a field under `non_field_errors`, so
    views call services without translating their exceptions."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, DjangoValidationError):
        exc = service_refusal(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        message = _first_message(data)
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        body = {"message": message, "errors": errors}
    else:
        detail = data.get("detail") if isinstance(data, dict) else data
        body = {"message": str(detail)}
        if isinstance(data, dict) and "code" in data:
            body["code"] = data["code"]
    response.data = body
    return response


def service_refusal(exc: DjangoValidationError) -> exceptions.ValidationError:
    """The API's 400 for a service's ValidationError (see `json_exception_handler`)."""
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
    return exceptions.ValidationError(detail, code=getattr(exc, "code", None))


def _first_message(data: Any) -> str:
    if isinstance(data, dict):
        for key, value in data.items():
            inner = _first_message(value)
            return inner if key == "non_field_errors" else f"{key}: {inner}"
    if isinstance(data, list) and data:
        return _first_message(data[0])
    return str(data)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """`handler404`: JSON under /api/, the site's own 404 page elsewhere."""
    if _is_api(request):
        return JsonResponse({"message": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: JSON under /api/, a plain page elsewhere (no context processors)."""
    if _is_api(request):
        return JsonResponse({"message": _("Something went wrong on our side.")}, status=500)
    from django.views.defaults import server_error as default_server_error

    return default_server_error(request)


# The mixin sits before a Serializer in the bases; the checker sees that base directly.
if TYPE_CHECKING:
    _SerializerBase = serializers.Serializer
else:
    _SerializerBase = object


class PrebuiltFieldsMixin(_SerializerBase):
    """Fields built once per class, for serializers on hot paths.

    DRF builds and binds a serializer's fields on every instantiation (about a
    millisecond for a ModelSerializer of a dozen fields). An instance of a class
    with this mixin uses the fields of one shared instance of its class instead:
    rendering and validating do not change fields, so sharing them is safe. The
    shared fields see no context and no partial update, so an instance given
    either builds its own fields the ordinary way.
    """

    _shared_fields: ClassVar[dict[type, BindingDict]] = {}

    @property
    def fields(self) -> BindingDict:
        if self._context or self.partial:
            if "_own_fields" not in self.__dict__:
                self.__dict__["_own_fields"] = super().fields
            return self.__dict__["_own_fields"]
        cls = type(self)
        if cls not in self._shared_fields:
            self._shared_fields[cls] = super(PrebuiltFieldsMixin, cls()).fields
        return self._shared_fields[cls]


class NumericRouter(SimpleRouter):
    """A router whose `{pk}` lookups match only ASCII digits (at most 18, a bigint).

    DRF's default `[^/.]+` lets `/talent/skps/abc/` reach the database as a query on an
    integer column, and `/talent/skps/99999999999999999999/` overflow it; both were 500s.
    Now they are the same 404 as any unknown path. A viewset with its own
    `lookup_value_regex`, or a lookup on another field, keeps its own.
    """

    def get_lookup_regex(self, viewset, lookup_prefix: str = "") -> str:
        lookup_field = getattr(viewset, "lookup_field", "pk")
        if getattr(viewset, "lookup_value_regex", None) is None and lookup_field in ("pk", "id"):
            lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
            return f"(?P<{lookup_prefix}{lookup_url_kwarg}>[0-9]{{1,18}})"
        return super().get_lookup_regex(viewset, lookup_prefix)
