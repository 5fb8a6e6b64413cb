from rest_framework.routers import DefaultRouter

from organizations.api import views

router = DefaultRouter(trailing_slash=True)
router.register("regions", views.RegionViewSet)
router.register("departments", views.DepartmentViewSet)
router.register("enterprises", views.EnterpriseViewSet)

urlpatterns = router.urls
