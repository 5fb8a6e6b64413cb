from rest_framework.routers import SimpleRouter

from plans.api import views

router = SimpleRouter(trailing_slash=True)
# Items and progress first: the plans' own detail route takes only numbers.
router.register("plans/items", views.PlanItemViewSet, basename="planitem")
router.register("plans/progress", views.PlanProgressViewSet, basename="planprogress")
router.register("plans", views.PlanViewSet)

urlpatterns = router.urls
