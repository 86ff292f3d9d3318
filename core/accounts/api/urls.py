from django.urls import path

from core.accounts.api import views

urlpatterns = [
    path("auth/activate/", views.ActivateView.as_view(), name="api-auth-activate"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("me/tokens/", views.TokenListView.as_view(), name="api-my-tokens"),
    path("me/tokens/<int:token_id>/", views.TokenDetailView.as_view(), name="api-my-token"),
]
