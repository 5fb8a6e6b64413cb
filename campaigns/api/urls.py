from rest_framework.routers import SimpleRouter

from campaigns.api import views

router = SimpleRouter(trailing_slash=True)
router.register("campaigns", views.CampaignViewSet)
router.register("cases", views.CaseViewSet)

urlpatterns = router.urls
