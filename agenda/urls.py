from django.urls import path

from . import views

app_name = "agenda"
urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("feed/", views.feed_settings, name="feed_settings"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("events/<slug:kind>/<int:pk>.ics", views.event_ics, name="event_ics"),
]
