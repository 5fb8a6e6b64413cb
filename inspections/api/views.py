from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.viewsets import ScopedModelViewSet, ScopedViewSetMixin
from core.jobs import job_confirm
from core.models import Job
from core.periods import Period
from inspections import filtersets, selectors, services
from inspections.api import serializers
from inspections.models import AcceptanceRecord, ProductClass, SpotCheckResult
from organizations.models import Region


class SpotCheckResultViewSet(ScopedModelViewSet):
    """Spot-check results; writes need the inspections.enter capability and stay in the user's scope."""

    queryset = SpotCheckResult.objects.select_related(
        "product_class", "region", "producer", "sampled_unit", "department"
    )
    serializer_class = serializers.SpotCheckResultSerializer
    filterset_class = filtersets.SpotCheckResultFilterSet
    write_capability = "inspections.enter"

    def _save_in_scope(self, serializer) -> None:
        try:
            super()._save_in_scope(serializer)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc


class ImportJobViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Upload a table (multipart) → a job that validates it, then imports it unless `dry_run`; GET shows row errors."""

    queryset = Job.objects.filter(kind=services.IMPORT_JOB).select_related("department")
    serializer_class = serializers.ImportJobSerializer
    filterset_class = filtersets.ImportJobFilterSet
    parser_classes = [MultiPartParser, FormParser]
    write_capability = "inspections.import"

    @extend_schema(
        request=serializers.ImportJobCreateSerializer, responses={202: serializers.ImportJobSerializer}
    )
    def create(self, request, *args, **kwargs):
        incoming = serializers.ImportJobCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            job = services.import_job_create(
                file=data["file"],
                original_name=data["file"].name,
                level=data["level"],
                product_class=data["product_class"],
                year=data.get("year"),
                sampled_on=data.get("sampled_on"),
                check_kind=data["check_kind"],
                inspected=data.get("inspected"),
                passed=data.get("passed"),
                commit=not data["dry_run"],
                user=request.user,
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        job.refresh_from_db()  # tasks run eagerly in development: show where the job got to
        return Response(serializers.ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: serializers.ImportJobSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Import the table a passed check read, as a new job linked to the check (`confirms`); once per check."""
        try:
            job = job_confirm(check=self.get_object(), user=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        job.refresh_from_db()
        return Response(serializers.ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class AcceptanceRecordViewSet(ScopedModelViewSet):
    queryset = AcceptanceRecord.objects.select_related("region", "builder", "department")
    serializer_class = serializers.AcceptanceRecordSerializer
    filterset_class = filtersets.AcceptanceRecordFilterSet
    write_capability = "inspections.enter"
    # No DELETE: the web offers none.
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _existing_codes(model, params: dict, name: str, label: str) -> list[str]:
    """The comma-separated codes of parameter `name`; 400 naming each one no `model` row has."""
    codes = _split(params.get(name))
    unknown = set(codes) - set(model.objects.filter(code__in=codes).values_list("code", flat=True))
    if unknown:
        raise ApiValidationError(
            {name: [f"{label}“{code}”不存在。" for code in sorted(unknown)]}, code="does_not_exist"
        )
    return codes


class PassRatesView(APIView):
    """Batch pass rates from the current statistics run: one row per (region, period, level, class) asked for."""

    @extend_schema(
        parameters=[serializers.PassRateQuerySerializer], responses=serializers.PassRateSerializer(many=True)
    )
    def get(self, request):
        query = serializers.PassRateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        # The serializer's patterns admit only codes Period.parse accepts.
        if params.get("period"):
            periods = [str(Period.parse(code)) for code in _split(params["period"])]
        elif params.get("year"):
            periods = [str(Period.parse(code).year_period) for code in _split(params["year"])]
        else:
            periods = [str(year) for year in sorted(selectors.years_with_data())]
        regions = _existing_codes(Region, params, "region", "地区代码")
        levels = _split(params.get("level"))
        classes = _existing_codes(ProductClass, params, "product_class", "产品类别")
        rows = selectors.pass_rates(
            request.user, periods=periods, regions=regions, levels=levels, product_classes=classes
        )
        return Response(serializers.PassRateSerializer(rows, many=True).data)
