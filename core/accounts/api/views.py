"""Account API: token by NIP and password, activation by code, and the own profile."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.accounts import services
from core.accounts.api.serializers import (
    ActivationSerializer,
    MeSerializer,
    MessageSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from core.accounts.roles import TWO_FACTOR_REQUIRED


class TokenView(APIView):
    """`POST {"nip", "password"[, "otp"]}` -> `{"token"}` of this host's schema.

    Refusals are 400 with a message; failures count towards the lockout as on the
    sign-in page; administrators also send the TOTP code as `otp`.
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
        nip = data.validated_data["nip"].strip()
        if services.locked_until(nip):
            raise ApiValidationError(_("Too many failed attempts. Try again in 15 minutes."))
        user = authenticate(
            request._request, username=nip, password=data.validated_data["password"]
        )
        if user is None:
            services.record_failure(nip)
            raise ApiValidationError(_("The NIP or password is not correct."))
        if getattr(settings, "TWO_FACTOR_ENFORCED", True) and (
            user.role in TWO_FACTOR_REQUIRED or services.confirmed_device(user)
        ):
            device = services.confirmed_device(user)
            otp = data.validated_data.get("otp", "").strip()
            if device is None:
                raise ApiValidationError(
                    _("Set up two-factor authentication on the website first.")
                )
            if not otp or not device.verify_token(otp):
                services.record_failure(nip)
                raise ApiValidationError(_("A valid two-factor code is required."))
        services.clear_failures(nip)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


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
        user = request.user
        employee = getattr(user, "employee", None)
        body = {
            "nip": user.username,
            "name": user.full_name,
            "role": user.role,
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
