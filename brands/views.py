from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.views import generic

from accounts import policy
from brands import filtersets, forms, selectors, services, tables
from brands.choices import ApplicationStatus, RoundStatus
from brands.models import Application, Assignment, Award, AwardType, EvaluationRound, Expert
from core import views as generic_views

# Awards ------------------------------------------------------------------------------------------


class AwardListView(generic_views.ObjectListView):
    model = Award
    queryset = Award.objects.select_related("award_type", "enterprise__region")
    filterset_class = filtersets.AwardFilterSet
    table_class = tables.AwardTable
    add_url_name = "brands:award_add"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not selectors.award_types_enterable(self.request.user).exists():
            context["add_url"] = None
        return context


class ExpiringListView(AwardListView):
    """The office's reminder list: awards in force whose validity ends within 90 days."""

    capability = "brands.manage"
    filterset_class = filtersets.ExpiringFilterSet
    table_class = tables.ExpiringTable
    title = "90天内到期的获奖"
    template_name = "brands/expiring.html"
    add_url_name = None
    days = 90

    def get_queryset(self):
        return super().get_queryset().expiring(timezone.localdate(), self.days).order_by("valid_until", "pk")

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        table.empty_text = f"今后 {self.days} 天内没有到期的获奖，暂时不需要提醒企业复评或换证。"
        return table

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "days": self.days}


class AwardDetailView(generic_views.ObjectDetailView):
    model = Award
    queryset = Award.objects.select_related("award_type", "enterprise__region", "application__round")
    edit_url_name = "brands:award_edit"
    template_name = "brands/award_detail.html"
    fields = [
        "award_type",
        "enterprise",
        "product",
        "year",
        "certificate_no",
        "valid_from",
        "valid_until",
        "revoked_on",
        "revoke_reason",
        "reward_amount",
        "reward_paid_on",
        "notes",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        award = self.object
        shown = {
            # The enterprise's quality record, where its other awards, checks and complaints are.
            "enterprise": format_html(
                '<a href="{}">{}</a>', award.enterprise.get_absolute_url(), award.enterprise
            ),
        }
        context["attributes"] = [
            (label, shown.get(name, value))
            for (label, value), name in zip(context["attributes"], self.fields, strict=True)
        ]
        context["state"] = self.object.state_on(timezone.localdate())
        context["revoke_form"] = (
            forms.RevokeForm() if context["can_change"] and not self.object.revoked_on else None
        )
        return context


class AwardEditView(generic_views.UserFormMixin, generic_views.ObjectEditView):
    model = Award
    form_class = forms.AwardForm

    def dispatch(self, request, *args, **kwargs):
        adding = kwargs.get(self.pk_url_kwarg) is None
        if (
            adding
            and request.user.is_authenticated
            and not selectors.award_types_enterable(request.user).exists()
        ):
            raise PermissionDenied("您的角色无权登记获奖记录。")
        return super().dispatch(request, *args, **kwargs)

    def save_form(self, form):
        return services.award_save(award=form.instance, user=self.request.user)


class AwardRevokeView(generic_views.ServiceFormView):
    model = Award
    form_class = forms.RevokeForm
    service = staticmethod(services.award_revoke)
    success_message = "已撤销：{result}"
    title = "撤销获奖：{object}"

    def get_service_kwargs(self, form):
        return {"award": self.object, **form.cleaned_data}


class AwardTypeListView(generic_views.ObjectListView):
    model = AwardType
    queryset = AwardType.objects.select_related("department")
    filterset_class = filtersets.AwardTypeFilterSet
    table_class = tables.AwardTypeTable

    def get_table_kwargs(self):
        return {} if policy.allowed(self.request.user, "brands.manage") else {"exclude": ["edit"]}


class AwardTypeEditView(generic_views.ObjectEditView):
    model = AwardType
    form_class = forms.AwardTypeForm
    capability = "brands.manage"
    success_url_name = "brands:award_type_list"


# Experts ----------------------------------------------------------------------------------------


class ExpertListView(generic_views.ObjectListView):
    model = Expert
    queryset = Expert.objects.select_related("user")
    capability = "brands.evaluate"
    filterset_class = filtersets.ExpertFilterSet
    table_class = tables.ExpertTable
    add_url_name = "brands:expert_add"


class ExpertDetailView(generic_views.ObjectDetailView):
    model = Expert
    edit_url_name = "brands:expert_edit"
    template_name = "brands/expert_detail.html"
    fields = ["name", "organisation", "title", "speciality", "phone", "user", "is_active"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conflicts"] = self.object.conflicts.select_related("region")
        return context


class ExpertEditView(generic_views.UserFormMixin, generic_views.ObjectEditView):
    model = Expert
    form_class = forms.ExpertForm
    capability = "brands.evaluate"

    def save_form(self, form):
        return services.expert_save(expert=form.instance, conflicts=form.cleaned_data["conflict_list"])


# The mayor's quality award ----------------------------------------------------------------------


class RoundListView(generic_views.ObjectListView):
    model = EvaluationRound
    queryset = EvaluationRound.objects.annotate(application_count=Count("applications")).order_by("-year")
    filterset_class = filtersets.RoundFilterSet
    table_class = tables.RoundTable
    add_url_name = "brands:round_add"
    add_capability = "brands.evaluate"
    template_name = "brands/round_list.html"

    @property
    def export_exclude(self) -> tuple[str, ...]:
        # The count covers every county's applications: only for those who run the award.
        return () if policy.allowed(self.request.user, "brands.evaluate") else ("applications",)

    def get_table_kwargs(self):
        return {"exclude": self.export_exclude}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["my_open_tasks"] = selectors.open_assignments_of(self.request.user)
        context["runs_it"] = policy.allowed(self.request.user, "brands.evaluate")
        return context


class RoundEditView(generic_views.ObjectEditView):
    model = EvaluationRound
    form_class = forms.RoundForm
    capability = "brands.evaluate"

    def save_form(self, form):
        if form.instance.pk:
            return services.round_update(round=form.instance)
        return services.round_create(round=form.instance)


class RoundDetailView(generic_views.PolicyMixin, generic.DetailView):
    model = EvaluationRound
    template_name = "brands/round_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round, user = self.object, self.request.user
        runs_it = policy.allowed(user, "brands.evaluate")
        criteria = list(round.criteria.all())
        applications = Application.objects.for_user(user).filter(round=round)
        context.update(
            title=str(round),
            runs_it=runs_it,
            sees_scores=policy.allowed(user, "brands.view_scores"),
            criteria=criteria,
            total_points=sum(c.max_points for c in criteria),
            steps=RoundStatus.choices,
            applications=applications.select_related("enterprise__region").order_by(
                "rank", "enterprise__name"
            ),
            counts=selectors.application_counts(applications),
        )
        # The panel and the change log (which names the panel) stay with those who see the scores.
        if context["sees_scores"]:
            context["panel"] = Expert.objects.for_user(user).filter(rounds=round)
            context["history"] = generic_views.history_of(round)
            context["ranking"] = selectors.ranking(round)
            context["unfinished"] = selectors.unfinished_assignments(round)
            context["assignment_count"] = Assignment.objects.filter(application__round=round).count()
        return context


class RoundFormView(generic_views.ServiceFormView):
    """A form about one round, for those who run the award; back to the round's page."""

    model = EvaluationRound
    capability = "brands.evaluate"

    def get_success_url(self):
        return self.object.get_absolute_url()


class RoundPointsView(RoundFormView):
    form_class = forms.PointsForm
    template_name = "brands/round_points.html"
    success_message = "类目分值已保存。"
    title = "评价类目分值：{object}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "round": self.object}

    def call_service(self, form):
        return services.round_set_points(round=self.object, points=form.cleaned_data)


class RoundPanelView(RoundFormView):
    form_class = forms.PanelForm
    service = staticmethod(services.round_set_panel)
    success_message = "评审专家组已保存。"
    title = "评审专家组：{object}"

    def get_initial(self):
        return {"experts": self.object.panel.all()}

    def get_service_kwargs(self, form):
        return {"round": self.object, **form.cleaned_data}


class RoundStartReviewView(generic_views.ActionView):
    model = EvaluationRound
    capability = "brands.evaluate"
    success_message = "已开始专家评审，评分任务已分配。"

    def perform(self):
        return services.round_start_review(round=self.object)


class RoundDecideView(RoundFormView):
    """The decision: the ranking with the top of the quota ticked; the office may change the ticks."""

    form_class = forms.DecideForm
    template_name = "brands/round_decide.html"
    service = staticmethod(services.round_decide)
    title = "评定获奖企业：{object}"

    def get_form_kwargs(self):
        self.ranking = selectors.ranking(self.object)
        return {**super().get_form_kwargs(), "round": self.object, "ranking": self.ranking}

    def get_service_kwargs(self, form):
        return {"round": self.object, **form.cleaned_data}

    def get_success_message(self):
        return f"评定完成，{len(self.result)} 家企业获奖，已登记为市长质量奖获奖记录。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(ranking=self.ranking, unfinished=selectors.unfinished_assignments(self.object))
        return context


class ApplicationCreateView(generic_views.ObjectEditView):
    model = Application
    form_class = forms.ApplicationForm
    capability = "brands.evaluate"

    @cached_property
    def round(self) -> EvaluationRound:
        return get_object_or_404(
            EvaluationRound.objects.for_user(self.request.user, policy.CHANGE), pk=self.kwargs["round_pk"]
        )

    def get_object(self, queryset=None):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Application(round=self.round)}

    def save_form(self, form):
        return services.application_submit(application=form.instance)

    def get_success_url(self):
        return self.round.get_absolute_url()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": f"登记申报：{self.round}"}


class ApplicationDetailView(generic_views.PolicyMixin, generic.DetailView):
    model = Application
    queryset = Application.objects.select_related("round", "enterprise__region")
    template_name = "brands/application_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application, user = self.object, self.request.user
        runs_it = policy.allowed(user, "brands.evaluate")
        round = application.round
        assignments = list(
            selectors.assignments_with_progress(
                Assignment.objects.for_user(user).filter(application=application)
            )
        )
        totals = selectors.assignment_totals(application)
        for assignment in assignments:
            assignment.total = totals.get(assignment.pk)
        context.update(
            title=str(application),
            runs_it=runs_it,
            sees_scores=policy.allowed(user, "brands.view_scores"),
            assignments=assignments,
            history=generic_views.history_of(application),
            can_screen=runs_it and round.status == RoundStatus.ACCEPTING,
            screen_form=forms.ScreenForm(),
            can_assign=runs_it
            and round.status == RoundStatus.REVIEWING
            and application.status == ApplicationStatus.ACCEPTED,
        )
        if context["can_assign"]:
            taken = {a.expert_id for a in assignments}
            context["free_experts"] = [
                e
                for e in Expert.objects.filter(is_active=True).exclude(conflicts=application.enterprise)
                if e.pk not in taken
            ]
        return context


class ApplicationScreenView(generic_views.ActionView):
    model = Application
    capability = "brands.evaluate"
    form_class = forms.ScreenForm
    invalid_message = "请选择审查结论。"

    def perform(self, **data):
        return services.application_screen(application=self.object, **data)

    def get_success_message(self, result):
        return f"{result.enterprise.name}：{result.get_status_display()}"


class AssignmentAddView(generic_views.ActionView):
    model = Application
    capability = "brands.evaluate"
    success_message = "已分配评审专家。"

    def perform(self):
        expert = get_object_or_404(Expert, pk=self.request.POST.get("expert"))
        return services.assignment_add(application=self.object, expert=expert)


class AssignmentRemoveView(generic_views.ActionView):
    model = Assignment
    capability = "brands.evaluate"
    success_message = "已撤回该专家的评分任务。"

    def perform(self):
        return services.assignment_remove(assignment=self.object)

    def get_redirect_url(self):
        return self.object.application.get_absolute_url()


class MyAssignmentsView(generic_views.SheetExportMixin, generic_views.PolicyMixin, generic.ListView):
    """An expert's own scoring tasks (for anyone linked to an expert record)."""

    model = Assignment
    template_name = "brands/my_assignments.html"

    def get_queryset(self):
        mine = super().get_queryset().filter(expert__user=self.request.user)
        return selectors.assignments_with_progress(mine).order_by(
            "-application__round__year", "application__enterprise__name"
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "我的评分任务"}

    def get(self, request, *args, **kwargs):
        self.object_list = (
            self.get_queryset()
        )  # what ListView.get sets before the context, for the export too
        return super().get(request, *args, **kwargs)

    def export_sheets(self, context):
        headers = ["评审", "企业", "评审截止", "已评类目", "类目数", "已完成"]
        rows = [
            [
                str(a.application.round),
                a.application.enterprise.name,
                a.application.round.scoring_due,
                a.scored,
                a.criteria_count,
                a.scored >= a.criteria_count,
            ]  # fmt: skip
            for a in context["object_list"]
        ]
        return [("我的评分任务", headers, rows)]


class AssignmentScoreView(generic_views.ServiceFormView):
    """The score sheet: points per GB/T 19580 category, each within its maximum."""

    model = Assignment
    queryset = Assignment.objects.select_related("expert", "application__round", "application__enterprise")
    form_class = forms.ScoreSheetForm
    template_name = "brands/score_sheet.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "assignment": self.object}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.object.application.round.status != RoundStatus.REVIEWING:
            for field in form.fields.values():
                field.disabled = True
        return form

    def call_service(self, form):
        return services.score_sheet(assignment=self.object, entries=form.entries())

    def get_success_message(self):
        return f"评分已保存：{self.object.application.enterprise.name}"

    def get_success_url(self):
        if self.object.expert.user_id == self.request.user.pk:
            return reverse("brands:my_assignments")
        return self.object.application.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.object.application.round
        context.update(
            title=f"评分：{self.object.application.enterprise.name}",
            round=round,
            editable=round.status == RoundStatus.REVIEWING,
        )
        return context
