from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from accounts import policy
from construction import filtersets, forms, services, tables
from construction.models import Deposit, Project, Ranking, ResponsibleUnit, UnitScore
from core import views as generic
from core.filtersets import year_param


class UnitListView(generic.ObjectListView):
    model = ResponsibleUnit
    queryset = ResponsibleUnit.objects.select_related("region")
    filterset_class = filtersets.UnitFilterSet
    table_class = tables.UnitTable
    add_url_name = "construction:unit_add"


class UnitDetailView(generic.ObjectDetailView):
    model = ResponsibleUnit
    template_name = "construction/unit_detail.html"
    edit_url_name = "construction:unit_edit"
    fields = ["name", "uscc", "kind", "qualification", "region", "enterprise", "department"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit, user = self.object, self.request.user
        context["scores"] = UnitScore.objects.for_user(user).filter(unit=unit).select_related("ranking")
        roles = (
            Q(builder=unit) | Q(surveyor=unit) | Q(designer=unit) | Q(contractor=unit) | Q(supervisor=unit)
        )
        context["projects"] = Project.objects.for_user(user).filter(roles).select_related("region")[:50]
        return context


class UnitEditView(generic.UserFormMixin, generic.ObjectEditView):
    model = ResponsibleUnit
    form_class = forms.UnitForm

    def save_form(self, form):
        return services.unit_save(unit=form.save(commit=False), user=self.request.user)


class ProjectListView(generic.ObjectListView):
    model = Project
    queryset = Project.objects.select_related("region", "contractor", "supervisor")
    filterset_class = filtersets.ProjectFilterSet
    table_class = tables.ProjectTable
    add_url_name = "construction:project_add"


class ProjectDetailView(generic.ObjectDetailView):
    model = Project
    template_name = "construction/project_detail.html"
    edit_url_name = "construction:project_edit"
    fields = [
        "code",
        "name",
        "region",
        "department",
        "builder",
        "surveyor",
        "designer",
        "contractor",
        "supervisor",
        "started_on",
        "completed_on",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deposit"] = Deposit.objects.for_user(self.request.user).filter(project=self.object).first()
        return context


class ProjectEditView(generic.UserFormMixin, generic.ObjectEditView):
    model = Project
    form_class = forms.ProjectForm

    def save_form(self, form):
        return services.project_save(project=form.save(commit=False), user=self.request.user)


class RankingListView(generic.ObjectListView):
    model = Ranking
    queryset = Ranking.objects.select_related("department")
    filterset_class = filtersets.RankingFilterSet
    table_class = tables.RankingTable
    add_url_name = "construction:ranking_add"


class RankingEditView(generic.UserFormMixin, generic.ObjectEditView):
    model = Ranking
    form_class = forms.RankingForm

    def save_form(self, form):
        return services.ranking_save(ranking=form.save(commit=False), user=self.request.user)


class RankingDetailView(generic.ObjectListView):
    """A year's 质量信誉排行榜 (`?year=`, else the latest the user may see): ranks within each kind of unit, the
    components, the rule; Excel and CSV of the same rows."""

    model = UnitScore
    filterset_class = filtersets.ScoreFilterSet
    table_class = tables.ScoreTable
    template_name = "construction/ranking_detail.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        rankings = Ranking.objects.for_user(request.user).select_related("department")
        year = year_param(request.GET.get("year"))
        self.ranking = (rankings.filter(year=year) if year else rankings.order_by("-year")).first()

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(ranking=self.ranking)
            .select_related("ranking", "unit")
            .order_by("unit__kind", "rank", "unit__name")
        )

    def export_title(self) -> str:
        return str(self.ranking or "质量信誉排行榜")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ranking = self.ranking
        context["title"] = str(ranking or "质量信誉排行榜")
        context["ranking"] = ranking
        context["rule"] = services.RULE_TEXT
        changeable = ranking is not None and policy.can(self.request.user, policy.CHANGE, ranking)
        context["can_publish"] = changeable and not ranking.is_published
        context["add_url"] = (
            f"{reverse('construction:score_add')}?ranking={ranking.pk}" if context["can_publish"] else None
        )
        return context


class ScoreEditView(generic.UserFormMixin, generic.ObjectEditView):
    model = UnitScore
    form_class = forms.ScoreForm

    def get_initial(self):
        return {**super().get_initial(), "ranking": self.request.GET.get("ranking")}

    def save_form(self, form):
        return services.score_save(score=form.save(commit=False), user=self.request.user)


class RankingPublishView(generic.ActionView):
    model = Ranking
    slug_field = slug_url_kwarg = "year"
    confirmation = "发布{object}"
    success_message = "已发布：{result}"

    def perform(self):
        return services.ranking_publish(ranking=self.object, user=self.request.user)


class DepositListView(generic.ObjectListView):
    model = Deposit
    queryset = Deposit.objects.select_related("project__region")
    filterset_class = filtersets.DepositFilterSet
    table_class = tables.DepositTable
    add_url_name = "construction:deposit_add"


class DepositDetailView(generic.ObjectDetailView):
    model = Deposit
    edit_url_name = "construction:deposit_edit"
    fields = [
        "project",
        "amount_due",
        "paid_amount",
        "paid_on",
        "returned_amount",
        "returned_on",
        "forfeited_amount",
        "forfeited_on",
        "forfeit_reason",
        "notes",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attributes"].append(("状态", self.object.get_state_display()))
        context["attributes"].append(("尚存金额（元）", generic._plain(self.object.held_amount)))
        return context


class DepositEditView(generic.UserFormMixin, generic.ObjectEditView):
    model = Deposit
    form_class = forms.DepositForm

    def save_form(self, form):
        return services.deposit_save(deposit=form.save(commit=False), user=self.request.user)
