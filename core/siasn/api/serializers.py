from __future__ import annotations

from rest_framework import serializers

from core.labels import label
from core.siasn.models import Cadence, Connection, Difference, OutboxItem, PullRun, PullScope


class ConnectionSerializer(serializers.ModelSerializer):
    """What the API shows of a connection: addresses, the account, hints; never a secret."""

    consumer_key = serializers.SerializerMethodField()
    consumer_secret = serializers.SerializerMethodField()
    sso_password = serializers.SerializerMethodField()

    class Meta:
        model = Connection
        fields = [
            "gateway_url", "api_url", "sso_url", "sso_client_id", "sso_username",
            "consumer_key", "consumer_secret", "sso_password", "cadence", "calls_per_second",
            "auto_queue", "last_test_at", "last_test_ok", "last_test_message",
        ]  # fmt: skip

    def _stored(self, enc: str, hint: str) -> dict:
        return {"stored": bool(enc), "last4": hint}

    def get_consumer_key(self, obj) -> dict:
        return self._stored(obj.consumer_key_enc, obj.consumer_key_hint)

    def get_consumer_secret(self, obj) -> dict:
        return self._stored(obj.consumer_secret_enc, obj.consumer_secret_hint)

    def get_sso_password(self, obj) -> dict:
        return self._stored(obj.sso_password_enc, obj.sso_password_hint)


class ConnectionInSerializer(serializers.Serializer):
    gateway_url = serializers.URLField(max_length=300)
    api_url = serializers.URLField(max_length=300)
    sso_url = serializers.URLField(max_length=300)
    sso_client_id = serializers.CharField(max_length=100)
    sso_username = serializers.CharField(max_length=100)
    consumer_key = serializers.CharField(required=False, allow_blank=True, write_only=True)
    consumer_secret = serializers.CharField(required=False, allow_blank=True, write_only=True)
    sso_password = serializers.CharField(required=False, allow_blank=True, write_only=True)
    cadence = serializers.ChoiceField(choices=Cadence.choices, required=False)
    calls_per_second = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    auto_queue = serializers.BooleanField(required=False)


class PullInSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=PullScope.choices)
    opd = serializers.IntegerField(required=False, allow_null=True)
    nip = serializers.CharField(required=False, allow_blank=True, max_length=18)


class PullSerializer(serializers.ModelSerializer):
    class Meta:
        model = PullRun
        fields = ["id", "scope", "opd", "nip", "status", "total", "done", "failed", "message",
                  "started_at", "finished_at"]  # fmt: skip


class DifferenceSerializer(serializers.ModelSerializer):
    field_label = serializers.SerializerMethodField()

    class Meta:
        model = Difference
        fields = [
            "id",
            "nip",
            "employee",
            "kind",
            "field",
            "field_label",
            "ours",
            "theirs",
            "status",
        ]

    def get_field_label(self, obj) -> str:
        return label("siasn_field", obj.field)


class OutboxSerializer(serializers.ModelSerializer):
    state_label = serializers.SerializerMethodField()

    class Meta:
        model = OutboxItem
        fields = [
            "id", "employee", "year", "first_month", "last_month", "state", "state_label",
            "attempts", "siasn_id", "last_status", "answer", "sent_at", "next_attempt_at",
        ]  # fmt: skip

    def get_state_label(self, obj) -> str:
        return label("siasn_state", obj.state)


class QueueInSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)
