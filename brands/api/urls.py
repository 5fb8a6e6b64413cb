from rest_framework.routers import DefaultRouter

from brands.api import views

router = DefaultRouter(trailing_slash=True)
router.register("award-types", views.AwardTypeViewSet)
router.register("awards", views.AwardViewSet)
router.register("rounds", views.RoundViewSet)
router.register("applications", views.ApplicationViewSet)
router.register("assignments", views.AssignmentViewSet)
router.register("scores", views.ScoreViewSet)

urlpatterns = router.urls
