from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("<int:pk>/commission/", views.CommissionView.as_view(), name="commission"),
    path("<int:pk>/score/", views.ScoreView.as_view(), name="score"),
    path(
        "<int:pk>/evaluations/<int:assignment_pk>/reopen/",
        views.ReopenView.as_view(),
        name="reopen",
    ),
    path("<int:pk>/evaluation-report.pdf", views.evaluation_report, name="report"),
]
