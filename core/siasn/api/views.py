"""The SIASN API (/api/v1/siasn/...): the city administrator's actions, same services."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from core.siasn import services, tasks
from core.siasn.access import can_manage
from core.siasn.api.serializers import (
    ConnectionInSerializer,
    ConnectionSerializer,
    DifferenceSerializer,
    OutboxSerializer,
    PullInSerializer,
    PullSerializer,
    QueueInSerializer,
)
from core.siasn.models import Difference, DiffStatus, OutboxItem, OutboxState, PullRun


class Manager(BasePermission):
    def has_permission(self, request, view) -> bool:
        return can_manage(request.user)


class ConnectionView(APIView):
    permission_classes = [Manager]

    @extend_schema(responses=ConnectionSerializer)
    def get(self, request):
        conn = services.get_connection()
        if conn is None:
            raise exceptions.NotFound()
        return Response(ConnectionSerializer(conn).data)

    @extend_schema(request=ConnectionInSerializer, responses=ConnectionSerializer)
    def put(self, request):
        data = ConnectionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        conn = services.save_connection(data.validated_data, actor=request.user)
        return Response(ConnectionSerializer(conn).data)


class ConnectionTestView(APIView):
    permission_classes = [Manager]

    @extend_schema(request=None, responses={200: dict})
    def post(self, request):
        ok, message = services.test_connection(actor=request.user)
        return Response({"ok": ok, "message": message})


class PullView(APIView):
    permission_classes = [Manager]

    @extend_schema(responses=PullSerializer(many=True))
    def get(self, request):
        return Response(PullSerializer(PullRun.objects.all()[:20], many=True).data)

    @extend_schema(request=PullInSerializer, responses={202: PullSerializer})
    def post(self, request):
        data = PullInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.start_pull(
            scope=data.validated_data["scope"],
            opd_id=data.validated_data.get("opd"),
            nip=data.validated_data.get("nip", ""),
            actor=request.user,
        )
        tasks.start_pull(run.pk)
        if not services.broker_configured():
            run = services.pull_step(run.pk)
        return Response(PullSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class DifferenceListView(generics.ListAPIView):
    permission_classes = [Manager]
    serializer_class = DifferenceSerializer
    filter_backends: list = []

    def get_queryset(self):
        return Difference.objects.filter(status=DiffStatus.OPEN).order_by("nip", "pk")


class DifferenceAcceptView(APIView):
    permission_classes = [Manager]

    @extend_schema(request=None, responses=DifferenceSerializer)
    def post(self, request, diff_id: int):
        diff = get_object_or_404(Difference, pk=diff_id)
        diff = services.accept(diff.pk, actor=request.user)
        return Response(DifferenceSerializer(diff).data)


class OutboxListView(generics.ListAPIView):
    permission_classes = [Manager]
    serializer_class = OutboxSerializer
    filter_backends: list = []

    def get_queryset(self):
        items = OutboxItem.objects.order_by("pk")
        state = self.request.query_params.get("state")
        if state in OutboxState.values:
            items = items.filter(state=state)
        return items


class QueueView(APIView):
    permission_classes = [Manager]

    @extend_schema(request=QueueInSerializer, responses={200: dict})
    def post(self, request):
        data = QueueInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        queued = services.queue_results(
            data.validated_data["year"], data.validated_data["month"], actor=request.user
        )
        tasks.start_sending()
        return Response(
            {"created": queued.created, "replaced": queued.replaced,
             "unchanged": queued.unchanged, "skipped": queued.skipped}
        )  # fmt: skip


class SendView(APIView):
    permission_classes = [Manager]

    @extend_schema(request=None, responses={200: dict})
    def post(self, request):
        sent = services.send_step()
        return Response(
            {"sent": sent.sent, "retry": sent.retry, "stopped": sent.stopped,
             "due": services.due_items().count()}
        )  # fmt: skip


class RetryView(APIView):
    permission_classes = [Manager]

    @extend_schema(request=None, responses=OutboxSerializer)
    def post(self, request, item_id: int):
        item = get_object_or_404(OutboxItem, pk=item_id)
        item = services.retry_item(item.pk, actor=request.user)
        return Response(OutboxSerializer(item).data)
