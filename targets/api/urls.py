from django.urls import path
from rest_framework.routers import DefaultRouter

from targets.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("measurements", views.MeasurementViewSet, basename="measurement")

# `/api/v1/targets/` is the target list itself; its other paths come first so no code shadows them.
urlpatterns = [
    path("attainment/", views.AttainmentViewSet.as_view({"get": "list"}), name="targets-attainment"),
    *router.urls,
    path("", views.TargetViewSet.as_view({"get": "list"}), name="targets-list"),
    path("<slug:code>/", views.TargetViewSet.as_view({"get": "retrieve"}), name="targets-detail"),
]
