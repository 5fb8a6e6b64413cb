from rest_framework.routers import DefaultRouter

from construction.api import views

router = DefaultRouter(trailing_slash=True)
router.register("units", views.UnitViewSet)
router.register("projects", views.ProjectViewSet)
router.register("rankings", views.RankingViewSet, basename="ranking")
router.register("deposits", views.DepositViewSet)

urlpatterns = router.urls
