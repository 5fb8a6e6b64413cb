from rest_framework.routers import DefaultRouter

from dashboards.api import views

router = DefaultRouter(trailing_slash=True)
router.register("statistics", views.StatisticViewSet)
router.register("runs", views.StatsRunViewSet)

urlpatterns = router.urls
