from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.security_view, name="security"),
    path("verify/", views.verify_view, name="verify"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("second-factor/", views.second_factor_view, name="second_factor"),
    path("second-factor/backup-codes/", views.backup_codes_view, name="backup_codes"),
    path("second-factor/reset/", views.second_factor_reset_view, name="second_factor_reset"),
    path("sessions/", views.sessions_view, name="sessions"),
    path("sessions/<int:pk>/end/", views.session_end_view, name="session_end"),
    path("lockouts/", views.lockouts_view, name="lockouts"),
]
