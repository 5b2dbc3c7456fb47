from django.urls import path

from . import views_office, views_public

app_name = "public"
urlpatterns = [
    # For the public (no sign-in)
    path("<int:committee_pk>/", views_public.landing, name="landing"),
    path("<int:committee_pk>/qr.svg", views_public.landing_qr, name="landing_qr"),
    path("<int:committee_pk>/topics/<int:topic_pk>/", views_public.topic, name="topic"),
    path("<int:committee_pk>/topics/<int:topic_pk>/qr.svg", views_public.topic_qr, name="topic_qr"),
    path("<int:committee_pk>/submit/", views_public.submit, name="submit"),
    path("<int:committee_pk>/submit/qr.svg", views_public.submit_qr, name="submit_qr"),
    path("<int:committee_pk>/poster/", views_public.poster, name="poster"),
    path("<int:committee_pk>/poster/<int:day_pk>/", views_public.poster, name="day_poster"),
    path("<int:committee_pk>/track/", views_public.track_form, name="track_form"),
    path("<int:committee_pk>/track/<str:code>/", views_public.track, name="track"),
    # For office staff and members (signed in)
    path("office/", views_office.hub, name="hub"),
    path("office/<int:committee_pk>/submissions/", views_office.inbox, name="inbox"),
    path(
        "office/<int:committee_pk>/submissions/<int:pk>/",
        views_office.submission_detail,
        name="submission",
    ),
    path(
        "office/<int:committee_pk>/submissions/<int:pk>/mobile/",
        views_office.submission_mobile,
        name="submission_mobile",
    ),
    path(
        "office/<int:committee_pk>/submissions/<int:pk>/reply/",
        views_office.submission_reply_view,
        name="submission_reply",
    ),
    path(
        "office/<int:committee_pk>/submissions/<int:pk>/photos/<int:photo_pk>/",
        views_office.submission_photo,
        name="submission_photo",
    ),
    path(
        "office/<int:committee_pk>/submissions/<int:pk>/<slug:step>/",
        views_office.triage,
        name="triage",
    ),
    path(
        "office/<int:committee_pk>/reception-days/",
        views_office.reception_day_list,
        name="reception_days",
    ),
    path(
        "office/<int:committee_pk>/reception-days/new/",
        views_office.reception_day_edit,
        name="reception_day_new",
    ),
    path(
        "office/<int:committee_pk>/reception-days/<int:pk>/",
        views_office.reception_day_edit,
        name="reception_day_edit",
    ),
    path(
        "office/<int:committee_pk>/reception-days/<int:pk>/record/",
        views_office.record_at_day,
        name="record",
    ),
    path(
        "office/<int:committee_pk>/topics/<int:topic_pk>/publish/",
        views_office.publish,
        name="publish",
    ),
]
