from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("<int:pk>/commission/", views.CommissionView.as_view(), name="commission"),
    path("<int:pk>/score/", views.ScoreView.as_view(), name="score"),
]
