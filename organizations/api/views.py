from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from organizations import filtersets
from organizations.api import serializers
from organizations.models import Department, Enterprise, Region


class RegionViewSet(ScopedReadOnlyViewSet):
    queryset = Region.objects.select_related("parent", "successor")
    serializer_class = serializers.RegionSerializer
    filterset_class = filtersets.RegionFilterSet
    lookup_field = "code"


class DepartmentViewSet(ScopedReadOnlyViewSet):
    queryset = Department.objects.all()
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filtersets.DepartmentFilterSet
    lookup_field = "code"


class EnterpriseViewSet(ScopedModelViewSet):
    queryset = Enterprise.objects.select_related("region")
    serializer_class = serializers.EnterpriseSerializer
    filterset_class = filtersets.EnterpriseFilterSet
    # No DELETE: the web offers none, and records everywhere refer to enterprises.
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
