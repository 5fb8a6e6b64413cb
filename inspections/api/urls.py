from django.urls import path
from rest_framework.routers import DefaultRouter

from inspections.api import views

router = DefaultRouter(trailing_slash=True)
router.register("results", views.SpotCheckResultViewSet)
router.register("imports", views.ImportJobViewSet)
router.register("acceptance", views.AcceptanceRecordViewSet)

urlpatterns = [
    path("pass-rates/", views.PassRatesView.as_view(), name="inspections-pass-rates"),
    *router.urls,
]
