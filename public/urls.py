from django.urls import path

from . import views_office

app_name = "public"
urlpatterns = [
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
]
