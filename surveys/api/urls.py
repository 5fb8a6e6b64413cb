from rest_framework.routers import SimpleRouter

from surveys.api import views

router = SimpleRouter(trailing_slash=True)
router.register("surveys", views.SurveyViewSet)

urlpatterns = router.urls
