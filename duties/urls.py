from django.urls import path

from . import views

app_name = "duties"
urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("events/<str:kind>/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("events/<str:kind>/<int:pk>/check-in-code/", views.check_in_code, name="check_in_code"),
    path("events/<str:kind>/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("events/<str:kind>/<int:pk>/", views.event, name="event"),
    path("events/<str:kind>/<int:pk>/leave/", views.leave_request, name="leave_request"),
    path("leave/<int:pk>/", views.leave_decide, name="leave_decide"),
    path("disputes/<int:pk>/", views.dispute_decide, name="dispute_decide"),
    path("committees/<int:committee_pk>/records/", views.records, name="records"),
    path(
        "committees/<int:committee_pk>/records/export/",
        views.records_export,
        name="records_export",
    ),
    path("committees/<int:committee_pk>/scoring/", views.scoring, name="scoring"),
    path(
        "committees/<int:committee_pk>/members/<int:member_pk>/<int:year>/",
        views.record,
        name="record",
    ),
    path(
        "committees/<int:committee_pk>/members/<int:member_pk>/<int:year>/pdf/",
        views.record_pdf,
        name="record_pdf",
    ),
    path(
        "committees/<int:committee_pk>/members/<int:member_pk>/<int:year>/dispute/<str:line_key>/",
        views.dispute,
        name="dispute",
    ),
]
