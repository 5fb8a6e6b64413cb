"""Pages of the assessment cycle: schemes, one county's assessment, results, and reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import generic as django_views
from django.views.generic.detail import SingleObjectMixin

from accounts import policy
from assessments import filtersets, forms, reports, selectors, services, tables
from assessments.choices import STAGE_ORDER, AssessmentStatus, FilingStatus, ReportFormat, Scoring, Stage
from assessments.models import (
    Assessment,
    Evidence,
    FiledTarget,
    Interview,
    Item,
    ItemGroup,
    ItemScore,
    Scheme,
    VerificationDraw,
)
from core import uploads
from core import views as generic
from core.jobviews import JobResultView
from core.models import Job

MANAGE = services.MANAGE


# --- schemes -----------------------------------------------------------------------------------------


class SchemeListView(generic.ObjectListView):
    model = Scheme
    filterset_class = filtersets.SchemeFilterSet
    table_class = tables.SchemeTable
    add_url_name = "assessments:scheme_add"
    add_capability = MANAGE


class SchemeCreateView(generic.ServiceFormView):
    capability = MANAGE
    form_class = forms.SchemeCreateForm
    service = staticmethod(services.scheme_create)
    success_message = "已新建：{result}"
    title = "新建考核方案"


class SchemeDetailView(generic.PolicyMixin, django_views.DetailView):
    model = Scheme
    template_name = "assessments/scheme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scheme, user = self.object, self.request.user
        today = timezone.localdate()
        context["title"] = str(scheme)
        context["stages"] = [
            {
                "label": Stage(stage).label,
                "due": scheme.due_of(stage),
                "state": "done"
                if scheme.has_passed(stage)
                else "current"
                if scheme.stage == stage
                else "todo",
                "overdue": scheme.stage == stage
                and scheme.due_of(stage) is not None
                and today > scheme.due_of(stage),
            }
            for stage in STAGE_ORDER
        ]
        context["tree"] = selectors.scheme_tree(scheme)
        context["board"] = selectors.cycle_board(scheme, user)
        context["late_count"] = sum(1 for row in context["board"] if row["late"])
        context["can_manage"] = policy.allowed(user, MANAGE)
        context["is_draft"] = scheme.stage == Stage.DRAFT
        context["problems"] = services.scheme_problems(scheme) if scheme.stage == Stage.DRAFT else []
        context["draw"] = VerificationDraw.objects.for_user(user).filter(scheme=scheme).first()
        context["can_refresh"] = context["can_manage"] and scheme.stage in (
            Stage.SELF_ASSESSMENT,
            Stage.REVIEW,
        )
        context["show_totals"] = scheme.is_announced or policy.allowed(
            user, "assessments.view_pending_results"
        )
        context["next_stage"] = (
            Stage(STAGE_ORDER[scheme.stage_index + 1]).label if scheme.stage != Stage.ANNOUNCED else None
        )
        context["copy_form"] = forms.CopySchemeForm(initial={"year": scheme.year + 1})
        context["history"] = generic.history_of(scheme)
        return context


class SchemeActionView(generic.ActionView):
    """The office's buttons on a scheme (`scheme_actions`): each calls its service and goes back to the scheme."""

    model = Scheme
    capability = MANAGE


class SchemeAdvanceView(SchemeActionView):
    def perform(self):
        return services.stage_advance(scheme=self.object, user=self.request.user)

    def get_success_message(self, result):
        return f"{result.year}年度考核已进入“{result.get_stage_display()}”阶段。"


class SchemeDrawView(SchemeActionView):
    success_message = "已抽取实地核查县区（随机种子 {result.seed}）。"

    def perform(self):
        return services.verification_draw(scheme=self.object, user=self.request.user)


class SchemeRefreshView(SchemeActionView):
    success_message = "已从统计数据更新 {result} 项自动得分。"

    def perform(self):
        return services.auto_scores_refresh(scheme=self.object, user=self.request.user)


class SchemeCopyView(SchemeActionView):
    form_class = forms.CopySchemeForm
    success_message = "已复制为：{result}"

    def perform(self, year: int):
        return services.scheme_copy(source=self.object, year=year, user=self.request.user)

    def get_success_url(self, result):
        return result.get_absolute_url()


scheme_actions = generic.by_action(
    {
        "advance": SchemeAdvanceView,
        "draw": SchemeDrawView,
        "refresh": SchemeRefreshView,
        "copy": SchemeCopyView,
    }
)


class SchemeEditView(generic.ObjectEditView):
    model = Scheme
    form_class = forms.SchemeForm

    def save_form(self, form):
        return services.scheme_save(scheme=form.instance, user=self.request.user)


class DraftSchemeOnlyMixin:
    """Pages that change a scheme's parts open only while it is a draft; otherwise back to the scheme, saying why."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            services.scheme_require_draft(self.get_scheme())
        except ValidationError as exc:
            generic.show_service_error(request, exc)
            return redirect(self.get_scheme())
        return self.render_to_response(self.get_context_data())


class SchemePartEditView(DraftSchemeOnlyMixin, generic.ObjectEditView):
    """Add or edit a group or an item of a draft scheme."""

    def get_scheme(self) -> Scheme:
        if self.object is not None:
            return self.object.scheme
        return get_object_or_404(
            Scheme.objects.for_user(self.request.user, policy.CHANGE), pk=self.kwargs["scheme"]
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scheme": self.get_scheme()}

    def get_success_url(self):
        return self.object.scheme.get_absolute_url()

    def save_form(self, form):
        return services.scheme_part_save(part=form.instance, user=self.request.user)


class ItemGroupEditView(SchemePartEditView):
    model = ItemGroup
    form_class = forms.ItemGroupForm


class ItemEditView(SchemePartEditView):
    model = Item
    form_class = forms.ItemForm


class ItemDeleteView(DraftSchemeOnlyMixin, generic.ObjectDeleteView):
    model = Item

    def get_scheme(self) -> Scheme:
        return self.object.scheme

    def get_success_url(self):
        return self.object.scheme.get_absolute_url()

    def delete_object(self) -> None:
        services.item_delete(item=self.object, user=self.request.user)


# --- one county's assessment -------------------------------------------------------------------------


class AssessmentDetailView(generic.PolicyMixin, django_views.DetailView):
    """One county's items and scores; the form on it follows the stage: self-assessment, review or verification."""

    model = Assessment
    template_name = "assessments/assessment_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("scheme", "region")

    def mode(self) -> str | None:
        a, user = self.object, self.request.user
        manage = policy.allowed(user, MANAGE)
        if a.scheme.stage == Stage.TARGET_FILING:
            may_file = manage or policy.allowed(user, "assessments.self_assess")
            pending = a.filing_status == FilingStatus.PENDING
            return "filing" if pending and may_file and policy.can(user, policy.CHANGE, a) else None
        # A self-assessment sent back during document review is filled in again like one in self-assessment.
        in_self_assessment = (
            a.scheme.stage in services.RETURNABLE_STAGES and a.status == AssessmentStatus.PENDING
        )
        may_self_assess = manage or policy.allowed(user, "assessments.self_assess")
        if in_self_assessment and may_self_assess and policy.can(user, policy.CHANGE, a):
            return "self"
        if manage and a.scheme.stage == Stage.REVIEW:
            return "review"
        if manage and a.scheme.stage == Stage.VERIFICATION and a.selected_for_verification:
            return "verify"
        return None

    def initial_rows(self, scores) -> list[dict]:
        mode = self.mode()
        rows = []
        for s in scores:
            if mode == "self":
                row = {"score": s.self_score, "note": s.self_note}
            elif mode == "review":
                default = s.self_score if s.item.scoring == Scoring.MANUAL else s.auto_score
                default = None if s.excluded else default
                row = {
                    "score": s.reviewed_score if s.reviewed_score is not None else default,
                    "note": s.review_comment,
                    "veto": s.veto_triggered,
                }
            else:
                row = {"score": s.verified_score, "note": s.verification_comment, "veto": s.veto_triggered}
            rows.append({"item_score": s.pk, **row})
        return rows

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data())

    def filing_initial(self) -> list[dict]:
        return [
            {"filed_target": t.pk, "statement": t.statement, "value": t.value}
            for t in self.object.filed_targets.all()
        ]

    def post_filing(self, request):
        a = self.object
        formset = forms.FilingFormSet(request.POST, initial=self.filing_initial(), prefix="targets")
        if not formset.is_valid():
            messages.error(request, "请检查标红的目标。")
            return self.render_to_response(self.get_context_data(filing_formset=formset))
        entries = [
            services.FilingEntry(
                f.cleaned_data["filed_target"], f.cleaned_data["statement"], f.cleaned_data["value"]
            )
            for f in formset.forms
        ]
        finish = request.POST.get("finish") == "1"
        try:
            services.target_filing_save(assessment=a, entries=entries, user=request.user)
            if finish:
                services.target_filing_submit(assessment=a, user=request.user)
        except ValidationError as exc:
            generic.show_service_error(request, exc)
            return self.render_to_response(self.get_context_data(filing_formset=formset))
        messages.success(request, "目标已报送，待办公室备案。" if finish else "已保存。")
        return redirect(a)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        mode = self.mode()
        if mode is None:
            raise PermissionDenied("当前阶段不能修改这份考核。")
        if mode == "filing":
            return self.post_filing(request)
        scores = list(selectors.scores_of(self.object))
        formset = forms.ScoreFormSet(request.POST, initial=self.initial_rows(scores), prefix="rows")
        note_form = forms.VerificationNoteForm(request.POST)
        if not (formset.is_valid() and note_form.is_valid()):
            messages.error(request, "请检查标红的得分。")
            return self.render_to_response(self.get_context_data(formset=formset))
        entries = [
            services.ScoreEntry(
                f.cleaned_data["item_score"],
                f.cleaned_data["score"],
                f.cleaned_data["note"],
                f.cleaned_data["veto"],
            )
            for f in formset.forms
        ]
        finish = request.POST.get("finish") == "1"
        user, a = request.user, self.object
        try:
            if mode == "self":
                services.self_assessment_save(assessment=a, entries=entries, user=user)
                if finish:
                    services.self_assessment_submit(assessment=a, user=user)
            elif mode == "review":
                services.review_save(assessment=a, entries=entries, user=user)
                if finish:
                    services.review_complete(assessment=a, user=user)
            else:
                services.verification_save(
                    assessment=a, entries=entries, note=note_form.cleaned_data["note"], user=user
                )
                if finish:
                    services.verification_complete(assessment=a, user=user)
        except ValidationError as exc:
            generic.show_service_error(request, exc)
            return self.render_to_response(self.get_context_data(formset=formset))
        messages.success(request, "已提交。" if finish else "已保存。")
        return redirect(a)

    def get_context_data(self, formset=None, filing_formset=None, **kwargs):
        context = super().get_context_data(**kwargs)
        a, user = self.object, self.request.user
        scores = list(selectors.scores_of(a))
        # A register's veto (the incidents) is shown with the records behind it, linked, instead of a box.
        findings = selectors.veto_findings(a)
        for score in scores:
            score.veto_findings = findings.get(score.item_id)
        mode = self.mode()
        filed_targets = list(FiledTarget.objects.for_user(user).filter(assessment=a).select_related("item"))
        if mode == "filing":
            filing_formset = filing_formset or forms.FilingFormSet(
                initial=self.filing_initial(), prefix="targets"
            )
        elif mode and formset is None:
            formset = forms.ScoreFormSet(initial=self.initial_rows(scores), prefix="rows")
        manage = policy.allowed(user, MANAGE)
        can_exclude = (
            manage and a.scheme.stage in services.EXCLUDABLE_STAGES and a.status != AssessmentStatus.REVIEWED
        )
        # Nothing is reviewed before self-assessment ends: until then the review columns would stand empty.
        show_review = a.scheme.has_passed(Stage.SELF_ASSESSMENT) and (
            a.scheme.is_announced or policy.allowed(user, "assessments.view_pending_results")
        )
        context.update(
            title=f"{a.scheme.year}年度 {a.region.name} 质量工作考核",
            mode=mode,
            formset=formset,
            rows=list(zip(scores, formset.forms, strict=True)) if formset else [(s, None) for s in scores],
            in_filing=a.scheme.stage == Stage.TARGET_FILING,
            filed_targets=filed_targets,
            filing_rows=list(zip(filed_targets, filing_formset.forms, strict=True)) if filing_formset else [],
            filing_formset=filing_formset,
            can_decide_filing=manage
            and a.scheme.stage == Stage.TARGET_FILING
            and a.filing_status == FilingStatus.SUBMITTED,
            filing_return_reason=selectors.filing_return_reason(a),
            can_manage=manage,
            can_exclude=can_exclude,
            excludable=[s for s in scores if not s.excluded and s.item.scoring != Scoring.VETO],
            excluded=[s for s in scores if s.excluded],
            lacking=[s for s in scores if s.lacks_data],
            # Announced results are public; their 约谈 records are for the county itself and the office.
            interviews=list(Interview.objects.for_user(user).filter(assessment=a))
            if a.interview_expected
            else [],
            show_interviews=a.interview_expected and policy.can_view_in(user, Interview, region=a.region),
            can_interview=manage and a.interview_expected,
            rectification_overdue=a.rectification_overdue(timezone.localdate()),
            due_form=forms.RectificationDueForm(initial={"due": a.rectification_due}),
            subtotals=selectors.group_subtotals(scores),
            # A county sees the office's scores of its own assessment once the year's results are announced.
            show_review=show_review,
            # The reviewed and verified scores as columns; while reviewing they are the form's own inputs.
            review_columns=show_review and mode != "review",
            note_form=forms.VerificationNoteForm(initial={"note": a.verification_note}),
            return_reason=selectors.return_reason(a),
            can_return=policy.allowed(user, MANAGE)
            and a.scheme.stage in services.RETURNABLE_STAGES
            and a.status != AssessmentStatus.PENDING,
            return_form=forms.ReturnForm(),
            can_upload_rectification=a.rectification_required
            and a.scheme.is_announced
            and policy.can(user, policy.CHANGE, a),
            late=a.is_late(timezone.localdate()),
            history=generic.history_of(a),
        )
        return context


class AssessmentReturnView(generic.ActionView):
    """The office sends a submitted self-assessment back to its county, with the reason."""

    model = Assessment
    capability = MANAGE
    reason_required = True
    reason_label = "退回原因"
    success_message = "已将{object}的自评退回县区修改。"

    def perform(self, reason: str):
        return services.self_assessment_return(assessment=self.object, reason=reason, user=self.request.user)


class FilingDecisionView(generic.ActionView):
    """The office's buttons on a county's submitted targets (`filing_actions`): file them, or send them back."""

    model = Assessment
    capability = MANAGE


class FilingAcceptView(FilingDecisionView):
    success_message = "已备案{object.region.name}的年度目标。"

    def perform(self):
        return services.target_filing_accept(assessment=self.object, user=self.request.user)


class FilingReturnView(FilingDecisionView):
    reason_required = True
    reason_label = "退回原因"
    success_message = "已将{object.region.name}的目标退回修改。"

    def perform(self, reason: str):
        return services.target_filing_return(assessment=self.object, reason=reason, user=self.request.user)


filing_actions = generic.by_action({"accept": FilingAcceptView, "return": FilingReturnView})


class ExclusionView(generic.ActionView):
    """The office rules an item of a county 合理缺项 or withdraws the ruling (`exclusion_actions`)."""

    model = Assessment
    capability = MANAGE
    form_class = forms.ExclusionForm
    reason_required = True
    reason_label = "理由"

    def item_score(self, pk: int) -> ItemScore:
        return get_object_or_404(self.object.scores.select_related("item"), pk=pk)


class ExcludeView(ExclusionView):
    success_message = "已认定“{result.item.name}”为合理缺项，总分按适用项目折算为 100 分制。"

    def perform(self, item_score: int, reason: str):
        return services.item_exclude(
            item_score=self.item_score(item_score), reason=reason, user=self.request.user
        )


class IncludeView(ExclusionView):
    success_message = "已撤销“{result.item.name}”的合理缺项认定。"

    def perform(self, item_score: int, reason: str):
        return services.item_include(
            item_score=self.item_score(item_score), reason=reason, user=self.request.user
        )


exclusion_actions = generic.by_action({"exclude": ExcludeView, "include": IncludeView})


class InterviewCreateView(generic.ServiceFormView):
    """Record a 约谈 of a county graded C or D."""

    model = Assessment
    capability = MANAGE
    form_class = forms.InterviewForm
    title = "记录约谈：{object}"
    success_message = "已记录约谈。"

    def get_initial(self):
        return {"held_on": timezone.localdate()}

    def call_service(self, form):
        return services.interview_record(assessment=self.object, user=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return self.object.get_absolute_url()


class RectificationDueView(generic.ActionView):
    model = Assessment
    capability = MANAGE
    form_class = forms.RectificationDueForm
    success_message = "整改报告截止日期已改为 {result.rectification_due:%Y-%m-%d}。"

    def perform(self, due):
        return services.rectification_due_set(assessment=self.object, due=due, user=self.request.user)


class AssessmentUploadView(generic.ActionView):
    """A file attached to one county's assessment (`assessment_uploads`), back to the assessment."""

    model = Assessment
    success_message = "文件已上传。"


class EvidenceUploadView(AssessmentUploadView):
    form_class = forms.EvidenceForm

    def perform(self, item_score: int, file):
        item_score = get_object_or_404(self.object.scores, pk=item_score)
        return services.evidence_add(item_score=item_score, file=file, user=self.request.user)


class RectificationUploadView(AssessmentUploadView):
    form_class = forms.RectificationForm

    def perform(self, file):
        return services.rectification_submit(assessment=self.object, file=file, user=self.request.user)


assessment_uploads = generic.by_action(
    {"evidence": EvidenceUploadView, "rectification": RectificationUploadView}, kwarg="what"
)


class EvidenceDeleteView(generic.ActionView):
    model = Evidence

    def perform(self):
        return services.evidence_delete(evidence=self.object, user=self.request.user)

    def get_redirect_url(self):
        return self.object.item_score.assessment.get_absolute_url()


class EvidenceDownloadView(generic.PolicyMixin, SingleObjectMixin, django_views.View):
    """Evidence files are not public media: served here, to those who may view the county's assessment."""

    model = Evidence

    def get(self, request, pk: int):
        evidence = self.get_object()
        return uploads.serve(request, evidence.file, evidence.name)


class RectificationDownloadView(generic.PolicyMixin, SingleObjectMixin, django_views.View):
    model = Assessment

    def get(self, request, pk: int):
        assessment = self.get_object()
        # A county's report is for the office, leaders and that county: others see only that it was submitted.
        if not (
            policy.can(request.user, policy.CHANGE, assessment)
            or policy.allowed(request.user, "assessments.view_pending_results")
        ):
            raise Http404
        report = assessment.rectification_report
        return uploads.serve(request, report, f"{assessment}整改报告{report.name[report.name.rfind('.') :]}")


# --- results and reports -----------------------------------------------------------------------------


class ResultListView(generic.SheetExportMixin, generic.PolicyMixin, django_views.TemplateView):
    template_name = "assessments/result_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        schemes = list(selectors.schemes_with_results(user))
        year = self.request.GET.get("year")
        scheme = next((s for s in schemes if str(s.year) == year), schemes[0] if schemes else None)
        rows = list(selectors.results(scheme, user)) if scheme else []
        context.update(
            title="考核结果",
            schemes=schemes,
            scheme=scheme,
            rows=rows,
            chart=reports.ranking_svg([(r.region_name, r.total, r.grade) for r in rows]) if rows else "",
            can_download=policy.allowed(user, "reports.download"),
            today=timezone.localdate(),
        )
        return context

    def export_filters(self, context):
        scheme = context["scheme"]
        return [("考核年度", f"{scheme.year}年度（{scheme.get_stage_display()}）")] if scheme else []

    def export_sheets(self, context):
        headers = [
            "名次", "县区", "自评", "考核得分", "等级", "一票否决", "上年", "同比", "名次变化",
            "须整改", "整改截止", "已交整改报告",
        ]  # fmt: skip
        rows = [
            [
                a.rank,
                a.region_name,
                a.self_total,
                a.total,
                a.grade or None,
                a.vetoed,
                a.previous_total,
                a.change,
                a.rank_change,
                a.rectification_required,
                a.rectification_due if a.rectification_required else None,
                bool(a.rectification_report) if a.rectification_required else None,
            ]  # fmt: skip
            for a in context["rows"]
        ]
        return [("考核结果", headers, rows)]


class ReportListView(generic.PolicyMixin, django_views.FormView):
    """Ask for a report (generated in the background) and download the ones ready."""

    capability = "reports.download"
    form_class = forms.ReportRequestForm
    template_name = "assessments/report_list.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "schemes": selectors.schemes_with_results(self.request.user)}

    def get_initial(self):
        latest = selectors.schemes_with_results(self.request.user).first()
        year = latest.year if latest else timezone.localdate().year - 1
        return {"scheme": latest, "region": self.request.user.region_id, "period": str(year)}

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["assessments/_report_jobs.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jobs = list(
            Job.objects.for_user(self.request.user)
            .filter(kind=reports.REPORT_JOB)
            .select_related("user")[:30]
        )
        context.update(title="报告下载", jobs=jobs, busy=any(j.is_active for j in jobs))
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            job = services.report_request(user=self.request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, f"已提交生成：{job.name}（{ReportFormat(data['fmt']).label}）")
        return HttpResponseRedirect(reverse("assessments:report_list"))


class ReportDownloadView(JobResultView):
    """A generated report's file (the job's result), for those who may see the job."""
