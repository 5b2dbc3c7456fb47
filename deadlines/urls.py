from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("<int:committee_pk>/", views.policy_edit, name="policy"),
]
