from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path(
        "topics/<int:pk>/minutes/v<int:number>/", views.minutes_version_view, name="minutes_version"
    ),
    path("topics/<int:pk>/minutes/v<int:number>.pdf", views.minutes_pdf, name="minutes_pdf"),
    path(
        "topics/<int:pk>/minutes/v<int:number>-signed.pdf",
        views.minutes_pdf,
        {"signed": True},
        name="minutes_signed_pdf",
    ),
    path(
        "topics/<int:pk>/minutes/v<int:number>.docx",
        views.minutes_docx_download,
        name="minutes_docx",
    ),
    path("topics/<int:pk>/documents/verify/", views.verify, name="verify"),
    path(
        "topics/<int:pk>/research-report.pdf", views.research_report_pdf, name="research_report_pdf"
    ),
    path("annual-reports/", views.annual_reports, name="annual_reports"),
    path(
        "annual-reports/<int:report_pk>/status/",
        views.annual_report_status,
        name="annual_report_status",
    ),
    path(
        "annual-reports/<int:report_pk>/download/",
        views.annual_report_download,
        name="annual_report_download",
    ),
]
