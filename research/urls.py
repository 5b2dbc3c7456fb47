from django.urls import path

from . import views

app_name = "research"
urlpatterns = [
    path("<int:pk>/plan/", views.ResearchStartView.as_view(), name="start"),
    path("<int:pk>/activities/", views.activity_list, name="activities"),
    path("<int:pk>/activities/new/", views.ResearchActivityView.as_view(), name="activity"),
    path("<int:pk>/report/", views.ResearchReportView.as_view(), name="report"),
]
