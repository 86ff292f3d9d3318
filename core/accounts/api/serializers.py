from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.labels import label_field


class TokenRequestSerializer(serializers.Serializer):
    nip = serializers.CharField(max_length=150, required=False, label=_("NIP or user name"))
    username = serializers.CharField(
        max_length=150, required=False, help_text=_("Same as `nip` (for platform staff).")
    )
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=8,
        required=False,
        allow_blank=True,
        help_text=_("TOTP code; required for administrators."),
    )
    device = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text=_("Name of this device; signing in again from it replaces its token."),
    )

    def validate(self, attrs):
        from core.accounts.rules import to_ascii_digits

        name = to_ascii_digits((attrs.get("nip") or attrs.get("username") or "").strip())
        if not name:
            raise serializers.ValidationError({"nip": [_("This field is required.")]})
        attrs["nip"] = name
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class DeviceTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    device = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    current = serializers.BooleanField()


class ActivationSerializer(serializers.Serializer):
    nip = serializers.CharField(max_length=18)
    code = serializers.CharField(max_length=40)
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField()


class MeSerializer(serializers.Serializer):
    nip = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()
    role_label = label_field("role", "role")
    is_supervisor = serializers.BooleanField()
    position = serializers.DictField(allow_null=True)
    unit = serializers.DictField(allow_null=True)
    supervisor = serializers.DictField(allow_null=True)
