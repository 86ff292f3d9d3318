from django.urls import path

from core.revenue.api import views

urlpatterns = [
    path("revenue/sources/", views.SourceListView.as_view(), name="revenue-sources"),
    path("revenue/dashboard/", views.DashboardView.as_view(), name="revenue-dashboard"),
    path("revenue/targets/", views.TargetListView.as_view(), name="revenue-targets"),
    path(
        "revenue/targets/<int:year>/<str:code>/",
        views.TargetView.as_view(),
        name="revenue-target",
    ),
    path("revenue/realisations/", views.RealisationListView.as_view(), name="revenue-realisations"),
    path(
        "revenue/realisations/<int:year>/<int:month>/<str:code>/",
        views.RealisationView.as_view(),
        name="revenue-realisation",
    ),
    path("revenue/imports/", views.ImportView.as_view(), name="revenue-imports"),
    path("revenue/months/", views.MonthListView.as_view(), name="revenue-months"),
    path(
        "revenue/months/<int:year>/<int:month>/close/",
        views.MonthCloseView.as_view(),
        name="revenue-month-close",
    ),
    path("revenue/corrections/", views.CorrectionView.as_view(), name="revenue-corrections"),
    path("revenue/indicators/", views.IndicatorView.as_view(), name="revenue-indicators"),
]
