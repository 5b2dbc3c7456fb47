from django.urls import path

from . import views

app_name = "topics"
urlpatterns = [
    path("", views.topic_list_view, name="list"),
    path("new/", views.topic_create, name="create"),
    path("<int:pk>/", views.TopicDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.topic_edit, name="edit"),
    path("<int:pk>/co-sign/", views.confirm_cosignature, name="cosign"),
    path("<int:pk>/reject/", views.TopicRejectView.as_view(), name="reject"),
    path("<int:pk>/do/<slug:name>/", views.TopicTransitionView.as_view(), name="transition"),
]
