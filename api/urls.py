from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import duty_views, pages, views

router = SimpleRouter()
router.register("topics", views.TopicViewSet, basename="topic")
router.register("items", views.FollowUpItemViewSet, basename="item")
router.register("sessions", views.SessionViewSet, basename="session")
router.register("documents", views.DocumentViewSet, basename="document")

app_name = "api"
urlpatterns = [
    *router.urls,
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("duty-record/", duty_views.DutyRecordView.as_view(), name="duty-record"),
    path(
        "attendance/<slug:kind>/<int:pk>/",
        duty_views.AttendanceView.as_view(),
        name="attendance",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("tokens/", pages.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
    re_path(r"^.*$", views.UnknownAddress.as_view()),
]
