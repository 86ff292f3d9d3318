from django.urls import path

from core.siasn import views

app_name = "siasn"
urlpatterns = [
    path("", views.index, name="index"),
    path("connection/", views.connection, name="connection"),
    path("connection/test/", views.connection_test, name="connection_test"),
    path("reconcile/", views.reconcile, name="reconcile"),
    path("reconcile/start/", views.pull_start, name="pull_start"),
    path("reconcile/<int:run_id>/progress/", views.pull_progress, name="pull_progress"),
    path("reconcile/<int:run_id>/stop/", views.pull_stop, name="pull_stop"),
    path("differences/<int:diff_id>/accept/", views.diff_accept, name="diff_accept"),
    path("differences/<int:diff_id>/keep/", views.diff_keep, name="diff_keep"),
    path("differences/accept-all/", views.diff_accept_all, name="diff_accept_all"),
    path("results/", views.results, name="results"),
    path("results/queue/", views.results_queue, name="results_queue"),
    path("results/send/", views.results_send, name="results_send"),
    path("results/<int:item_id>/retry/", views.item_retry, name="item_retry"),
    path("results/<int:item_id>/delete/", views.item_delete, name="item_delete"),
    path("export/", views.progress_export, name="progress_export"),
    path("mapping/", views.mapping, name="mapping"),
    path("mapping/upload/", views.mapping_upload, name="mapping_upload"),
    path("mapping/<int:mapping_id>/", views.mapping_set, name="mapping_set"),
]
