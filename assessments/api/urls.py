from django.urls import re_path
from rest_framework.routers import DefaultRouter

from assessments.api import views
from core.periods import PERIOD_REGEX

app_name = "assessments-api"

router = DefaultRouter(trailing_slash=True)
router.register("schemes", views.SchemeViewSet)
router.register("results", views.ResultViewSet, basename="result")
router.register("reports/jobs", views.ReportJobViewSet, basename="report-job")

FMT = r"(?P<fmt>(?:pdf|xlsx))"

urlpatterns = [
    *router.urls,
    re_path(
        rf"^reports/annual/(?P<year>\d{{4}})\.{FMT}$",
        views.ReportStreamView.as_view(),
        {"kind": "annual"},
        name="report-annual",
    ),
    re_path(
        rf"^reports/county/(?P<year>\d{{4}})/(?P<region>\w+)\.{FMT}$",
        views.ReportStreamView.as_view(),
        {"kind": "county"},
        name="report-county",
    ),
    re_path(
        rf"^reports/quality-status/(?P<period>{PERIOD_REGEX})\.{FMT}$",
        views.ReportStreamView.as_view(),
        {"kind": "quality-status"},
        name="report-quality-status",
    ),
]
