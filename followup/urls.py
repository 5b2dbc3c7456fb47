from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("<int:pk>/items/", views.item_list, name="items"),
    path("<int:pk>/items/new/", views.FollowUpItemAddView.as_view(), name="item_add"),
    path(
        "<int:pk>/items/<int:item_pk>/report/",
        views.ProgressReportView.as_view(),
        name="item_report",
    ),
    path(
        "<int:pk>/items/<int:item_pk>/review/", views.ItemReviewView.as_view(), name="item_review"
    ),
    path(
        "<int:pk>/items/<int:item_pk>/extension/",
        views.ExtensionRequestView.as_view(),
        name="extension_request",
    ),
    path(
        "<int:pk>/items/<int:item_pk>/extension/<int:request_pk>/",
        views.ExtensionDecisionView.as_view(),
        name="extension_decide",
    ),
    path(
        "<int:pk>/items/<int:item_pk>/rating/", views.SatisfactionView.as_view(), name="item_rate"
    ),
]
