from django.urls import path

from core.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/verify/", views.two_factor, name="two_factor"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("activate/", views.activate, name="activate"),
    path("activate/link/", views.activate_link, name="activate_link"),
    path("me/", views.my_account, name="me"),
    path("me/two-factor/", views.enrol_two_factor, name="enrol_two_factor"),
    path("me/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("me/token-policy/", views.token_policy, name="token_policy"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
