from rest_framework.routers import SimpleRouter

from complaints.api import views

router = SimpleRouter(trailing_slash=True)
# SimpleRouter: a root view would shadow the complaint list at this prefix. Hotlines come first, or the
# complaint detail route would take "hotlines" for an id.
router.register("hotlines", views.HotlineViewSet)
router.register("", views.ComplaintViewSet)

urlpatterns = router.urls
