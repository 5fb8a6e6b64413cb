from rest_framework.routers import DefaultRouter

from foundations.api import views

router = DefaultRouter(trailing_slash=True)
router.register("standards", views.StandardViewSet)
router.register("agencies", views.AgencyViewSet)
router.register("metrology", views.MetrologyViewSet)
router.register("quality-staff", views.QualityStaffViewSet)
router.register("culture-events", views.CultureEventViewSet)
router.register("market-exits", views.MarketExitViewSet)

urlpatterns = router.urls
