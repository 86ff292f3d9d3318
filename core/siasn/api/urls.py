from django.urls import path

from core.siasn.api import views

urlpatterns = [
    path("siasn/connection/", views.ConnectionView.as_view(), name="api-siasn-connection"),
    path("siasn/connection/test/", views.ConnectionTestView.as_view(), name="api-siasn-test"),
    path("siasn/pulls/", views.PullView.as_view(), name="api-siasn-pulls"),
    path("siasn/differences/", views.DifferenceListView.as_view(), name="api-siasn-differences"),
    path(
        "siasn/differences/<int:diff_id>/accept/",
        views.DifferenceAcceptView.as_view(),
        name="api-siasn-accept",
    ),
    path("siasn/outbox/", views.OutboxListView.as_view(), name="api-siasn-outbox"),
    path("siasn/outbox/queue/", views.QueueView.as_view(), name="api-siasn-queue"),
    path("siasn/outbox/send/", views.SendView.as_view(), name="api-siasn-send"),
    path("siasn/outbox/<int:item_id>/retry/", views.RetryView.as_view(), name="api-siasn-retry"),
]
