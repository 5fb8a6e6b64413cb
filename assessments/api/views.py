from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.encoding import escape_uri_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import filtersets, reports, selectors, services
from assessments.api import serializers
from assessments.choices import ReportFormat, ReportKind
from assessments.models import Assessment, Scheme
from core import uploads
from core.api.permissions import PolicyPermission
from core.api.viewsets import ScopedReadOnlyViewSet, ScopedViewSetMixin
from core.exports import XLSX_TYPE
from core.models import Job, JobStatus
from organizations.models import Region

CONTENT_TYPES = {ReportFormat.PDF: "application/pdf", ReportFormat.XLSX: XLSX_TYPE}


class SchemeViewSet(ScopedReadOnlyViewSet):
    """Assessment schemes by year, with their groups and items (scoring rules included)."""

    queryset = Scheme.objects.prefetch_related("groups__parent", "items__group")
    serializer_class = serializers.SchemeSerializer
    filterset_class = filtersets.SchemeFilterSet
    lookup_field = "year"


class ResultViewSet(ScopedReadOnlyViewSet):
    """Per county and year: total, grade, rank and last year's total (`?year=2015`, `?region=211103`)."""

    queryset = Assessment.objects.all()
    serializer_class = serializers.ResultSerializer
    filterset_class = filtersets.AssessmentFilterSet

    def get_queryset(self):
        visible = selectors.schemes_with_results(self.request.user)
        queryset = super().get_queryset().filter(scheme__in=visible)
        return (
            selectors.with_previous(queryset)
            .select_related("scheme", "region")
            .order_by("-scheme__year", "rank")
        )


class ReportJobViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Report jobs: POST asks for a report (generated in the background), GET shows progress, then download."""

    queryset = Job.objects.filter(kind=reports.REPORT_JOB).select_related("user")
    serializer_class = serializers.ReportJobSerializer
    filterset_class = filtersets.ReportJobFilterSet

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        year = data.get("year")
        scheme = Scheme.objects.for_user(request.user).filter(year=year).first() if year else None
        if year and scheme is None:
            raise ValidationError({"year": f"{year}年度考核方案不存在。"})
        job = services.report_request(
            user=request.user,
            kind=data["kind"],
            fmt=data["fmt"],
            scheme=scheme,
            region=data.get("region"),
            period=data.get("period", ""),
        )
        job.refresh_from_db()
        return Response(self.get_serializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        job = self.get_object()
        if job.status != JobStatus.SUCCEEDED or not job.result:
            raise Http404("报告尚未生成完毕。")
        return uploads.serve(request, job.result, job.params["filename"])


class ReportStreamView(APIView):
    """A report generated while you wait: `annual/2015.pdf`, `county/2015/211103.xlsx`, `quality-status/2015-Q3.pdf`."""

    permission_classes = [PolicyPermission]

    @extend_schema(responses={200: OpenApiTypes.BINARY})
    def get(self, request, kind: str, fmt: str, year: int | None = None, region: str = "", period: str = ""):
        scheme = get_object_or_404(Scheme.objects.for_user(request.user), year=year) if year else None
        region_obj = get_object_or_404(Region, code=region) if region else None
        kind = ReportKind.QUALITY_STATUS if kind == "quality-status" else kind
        try:
            services.report_access_check(
                user=request.user, kind=kind, scheme=scheme, region=region_obj, period=period
            )
        except ValidationError as exc:
            return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
        job = reports.Report(
            kind=kind, fmt=fmt, scheme=scheme, region=region_obj, period=period, user=request.user
        )
        response = HttpResponse(reports.build(job, lambda percent: None), content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(job.filename)}"
        return response
