"""The evaluation method's pages, outside any one topic."""

from django.urls import path

from . import views

app_name = "evaluation_methods"
urlpatterns = [
    path("", views.method_list, name="index"),
    path("<int:committee_pk>/new-version/", views.method_new_version, name="new_version"),
]
