from rest_framework.routers import DefaultRouter

from credit.api import views

router = DefaultRouter(trailing_slash=True)
router.register("penalties", views.PenaltyViewSet)
router.register("blacklist", views.BlacklistViewSet)
router.register("ratings", views.RatingViewSet)

urlpatterns = router.urls
