from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("todo/<slug:slug>/", views.todo_section, name="todo"),
    path("files/<slug:kind>/<int:pk>/", views.download, name="download"),
]
