"""Account API: token by NIP and password, activation by code, and the own profile."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.accounts import rules, services
from core.accounts.api.serializers import (
    ActivationSerializer,
    DeviceTokenSerializer,
    MeSerializer,
    MessageSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from core.accounts.models import ApiToken
from core.labels import role_label
from core.typing import api_user


class TokenView(APIView):
    """`POST {"nip", "password"[, "otp"]}` -> `{"token"}` of this host's schema.

    Refusals are 400 with a message; failures count towards the lockout as on the
    sign-in page; administrators also send the TOTP code as `otp`. `device` names
    the device (default: its User-Agent): signing in again from the same device
    replaces that device's token with a new key.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            key = services.sign_in_for_token(
                values["nip"],
                values["password"],
                otp=values.get("otp", ""),
                ip=services.client_ip(request),
                device=rules.device_name(
                    values.get("device", ""), request.META.get("HTTP_USER_AGENT", "")
                ),
                request=request._request,
            )
        except services.LoginRefused as exc:
            raise ApiValidationError(str(exc)) from None
        return Response({"token": key})


class TokenListView(APIView):
    """`GET`: the signed-in person's tokens (device, signed in, last use, expiry)."""

    @extend_schema(responses={200: DeviceTokenSerializer(many=True)})
    def get(self, request: Request) -> Response:
        current = request.auth.pk if isinstance(request.auth, ApiToken) else None
        rows = [
            {
                "id": t.pk,
                "device": t.device,
                "created_at": t.created_at,
                "last_used_at": t.last_used_at,
                "expires_at": t.expires_at,
                "current": t.pk == current,
            }
            for t in services.tokens_of(api_user(request))
        ]
        return Response(DeviceTokenSerializer(rows, many=True).data)


class TokenDetailView(APIView):
    """`DELETE`: end one of the signed-in person's tokens (404 for anyone else's)."""

    @extend_schema(responses={204: None})
    def delete(self, request: Request, token_id: int) -> Response:
        if not services.revoke_token(api_user(request), token_id, actor=api_user(request)):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)


class ActivateView(APIView):
    """`POST {"nip", "code", "password"}`: activate an imported account."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=ActivationSerializer, responses={200: MessageSerializer})
    def post(self, request: Request) -> Response:
        data = ActivationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            services.activate_account(values["nip"], values["code"], values["password"])
        except services.ActivationRefused as exc:
            return Response({"message": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        except ValidationError as exc:
            return Response(
                {"message": " ".join(exc.messages), "errors": {"password": exc.messages}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"message": _("Your account is active.")})


def _person(employee) -> dict | None:
    if employee is None:
        return None
    return {"id": employee.pk, "nip": employee.nip, "name": employee.display_name}


class MeView(APIView):
    """The signed-in person: NIP, name, position, unit and supervisor today."""

    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        user = api_user(request)
        employee = getattr(user, "employee", None)
        body = {
            "nip": user.username,
            "name": user.full_name,
            "role": user.role,
            "role_label": role_label(user.role),
            "is_supervisor": user.is_supervisor,
            "position": None,
            "unit": None,
            "supervisor": None,
        }
        if employee is not None:
            from core.people.hierarchy import position_on, supervisor_of

            body["name"] = employee.display_name
            assignment = position_on(employee)
            if assignment is not None:
                position = assignment.position
                body["position"] = {
                    "id": position.pk,
                    "name": position.name,
                    "type": position.position_type,
                    "kelas_jabatan": position.kelas_jabatan,
                    "acting": assignment.is_acting,
                }
                body["unit"] = {
                    "id": position.org_unit_id,
                    "path": position.org_unit.path,
                    "opd_id": position.org_unit.opd_id,
                }
            body["supervisor"] = _person(supervisor_of(employee))
        return Response(body)
