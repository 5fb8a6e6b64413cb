from rest_framework.routers import SimpleRouter

from incidents.api import views

router = SimpleRouter(trailing_slash=True)
# SimpleRouter: a root view would shadow the incident list at this prefix; accountabilities come first, or the
# incident detail route would take "accountabilities" for an id.
router.register("accountabilities", views.AccountabilityViewSet)
router.register("", views.IncidentViewSet)

urlpatterns = router.urls
