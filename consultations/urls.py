from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("<int:pk>/session/schedule/", views.SessionScheduleView.as_view(), name="schedule"),
    path("<int:pk>/session/record/", views.SessionRecordView.as_view(), name="record"),
    path("<int:pk>/minutes/", views.MinutesView.as_view(), name="minutes"),
    path("<int:pk>/minutes/sign/", views.SignOffView.as_view(), name="sign"),
]
