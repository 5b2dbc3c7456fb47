from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("", include("portal.urls")),
    path("topics/", include("topics.urls")),
    path("topics/", include("research.urls")),
    path("topics/", include("consultations.urls")),
    path("topics/", include("followup.urls")),
    path("topics/", include("evaluations.urls")),
    path("notifications/", include("notifications.urls")),
    path("deadlines/", include("deadlines.urls")),
    path("", include("documents.urls")),
    path("evaluation-methods/", include("evaluations.method_urls")),
    path("dashboard/", include("dashboard.urls")),
    path("audit/", include("audit.urls")),
    path("duties/", include("duties.urls")),
    path("public/", include("public.urls")),
    path("calendar/", include("agenda.urls")),
    path("api/", include("api.urls")),
    path("captcha/", include("captcha.urls")),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "core.views.server_error"
