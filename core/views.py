"""Generic views every app builds on (NetBox's generic views, in small): list with filters and Excel
export, detail with change history, edit and delete, forms and buttons that call a service, all scoped
through the policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from accounts import policy
from core import exports, todo
from core.deletion import still_referenced
from core.forms import Form
from core.paging import CappedPaginator, count_cap


class PolicyMixin(LoginRequiredMixin):
    """Signed-in users; `capability` (if set) must be allowed for the role."""

    capability: str | None = None
    action = policy.VIEW

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.capability and not policy.allowed(request.user, self.capability):
            raise PermissionDenied("您的角色无权访问此页面。")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user, self.action)


class UserFormMixin:
    """Passes the signed-in user to the form, for forms whose choices and defaults depend on it."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class HtmxPartialMixin:
    """htmx requests (a page polling a job's progress) get only `htmx_template_name`, others the whole page."""

    htmx_template_name: str

    def get_template_names(self):
        if self.request.htmx:
            return [self.htmx_template_name]
        return super().get_template_names()


class ObjectListView(PolicyMixin, SingleTableMixin, FilterView):
    """A filtered, paginated table; `?export=xlsx` (or `csv`) downloads the same filtered rows in the same order.

    CSV streams as it is written. An .xlsx of more than `exports.EXPORT_JOB_ROWS` rows becomes a background
    job (the user is sent to its page, which offers the file when it is written); smaller ones answer at once.
    """

    template_name = "generic/object_list.html"
    # The table paginates; ListView must not paginate (and count) the same rows a second time.
    # The count is exact up to COUNT_CAP rows (SEARCH_COUNT_CAP for a search), estimated beyond (core.paging).
    table_pagination = {"per_page": 50, "paginator_class": CappedPaginator}
    add_url_name: str | None = None
    add_capability: str | None = None
    export_filename: str | None = None

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in exports.FORMATS:
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def get_table_pagination(self, table):
        return {**super().get_table_pagination(table), "cap": count_cap(self.request.GET)}

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        # What the search box holds, for the columns that mark it (`core.search.SearchColumn`).
        table.search_query = self.request.GET.get("q", "")
        return table

    def export_title(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def export_name(self, fmt: str) -> str:
        name = self.export_filename or f"{self.export_title()}-{timezone.localdate():%Y%m%d}.xlsx"
        return name.removesuffix(".xlsx") + f".{fmt}"

    def export_rows(self) -> exports.TableRows:
        """The page's rows without pagination: filtered (unless the filter is invalid) and sorted as shown."""
        filterset = self.get_filterset(self.get_filterset_class())
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else self.get_queryset()
        table = self.get_table_class()(queryset, exclude=getattr(self, "export_exclude", ()))
        RequestConfig(self.request, paginate=False).configure(table)
        return exports.TableRows(table)

    def export(self, fmt: str):
        rows = self.export_rows()
        filename = self.export_name(fmt)
        if fmt == "csv":
            return exports.csv_response(filename, rows.headers, rows)
        if rows.count() > exports.EXPORT_JOB_ROWS:
            from core import jobs

            query = self.request.GET.copy()
            query.pop("export", None)
            job = jobs.job_enqueue(
                kind=jobs.ExportRunner.kind,
                user=self.request.user,
                name=f"导出{self.export_title()}",
                params={
                    "path": self.request.path,
                    "query": query.urlencode(),
                    "format": fmt,
                    "filename": filename,
                },
            )
            messages.info(
                self.request,
                f"数据较多，已转为后台导出（任务 #{job.pk}），完成后可在本页下载；可以先离开此页。",
            )
            return redirect(job.get_absolute_url())
        return exports.xlsx_response(filename, [self.export_sheet(rows)])

    def export_sheet(self, rows: exports.TableRows) -> exports.CaptionedSheet:
        """The list as one sheet, the filters applied named above it."""
        filterset = self.get_filterset(self.get_filterset_class())
        caption = exports.filters_caption(exports.form_filters(filterset.form))
        return (self.export_title(), rows.headers, rows, caption)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model_meta"] = self.model._meta
        context["title"] = getattr(self, "title", None) or self.model._meta.verbose_name_plural
        can_add = self.add_url_name and (
            policy.allowed(self.request.user, self.add_capability) if self.add_capability else True
        )
        context["add_url"] = reverse(self.add_url_name) if can_add else None
        context["query_without_page"] = _query_without(self.request, "page")
        filterset = context.get("filter")
        context["applied_filters"] = exports.filters_text(
            exports.form_filters(getattr(filterset, "form", None))
        )
        return context


class SheetExportMixin:
    """A page whose tables are not one list (a board, rate tables, a dashboard's county table) exports them as
    .xlsx at `?export=xlsx`, through the lists' writer: one sheet per table, built from the same context the
    page renders (so scoped as the page is), with the filters applied named above each table. The page gets
    `export_url` and base.html shows the 导出 Excel button."""

    export_filename = ""

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            if hasattr(self, "get_object"):
                self.object = self.get_object()
            context = self.get_context_data(**kwargs)
            caption = exports.filters_caption(self.export_filters(context))
            sheets = [(title, headers, rows, caption) for title, headers, rows in self.export_sheets(context)]
            name = self.export_filename or str(context.get("title") or "导出")
            return exports.xlsx_response(f"{name}-{timezone.localdate():%Y%m%d}.xlsx", sheets)
        return super().get(request, *args, **kwargs)  # type: ignore[misc]

    def export_filters(self, context) -> list[tuple[str, Any]]:
        """(label, value) of each filter the page applies; none by default."""
        return []

    def render_to_response(self, context, **response_kwargs):
        # Named on the printed page: the view's own get_context_data has filled the context by now.
        context["applied_filters"] = exports.filters_text(self.export_filters(context))
        return super().render_to_response(context, **response_kwargs)  # type: ignore[misc]

    def export_sheets(self, context) -> list[exports.Sheet]:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        query = _query_without(self.request, "export")  # type: ignore[attr-defined]
        context["export_url"] = f"?{query}{'&' if query else ''}export=xlsx"
        return context


def list_view_at(path: str, query: str, user) -> ObjectListView:
    """The list view at `path` as `user` would see it with `query`, outside a request (a background export);
    a role that may not open the page is refused as the page would refuse it."""
    match = resolve(path)
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, ObjectListView):
        raise ValueError(f"{path} is not a list page")
    request = HttpRequest()
    request.method, request.path, request.path_info = "GET", path, path
    request.GET = QueryDict(query)
    request.user = user
    view = view_class(**getattr(match.func, "view_initkwargs", {}))
    view.setup(request, *match.args, **match.kwargs)
    if user is None or not user.is_active:
        raise PermissionDenied("发起导出的用户已停用。")
    if view.capability and not policy.allowed(user, view.capability):
        raise PermissionDenied("您的角色无权访问此页面。")
    return view


def _query_without(request, key: str) -> str:
    params = request.GET.copy()
    params.pop(key, None)
    return params.urlencode()


class ObjectDetailView(PolicyMixin, generic.DetailView):
    """Attributes and the change history of one object (out of scope: 404)."""

    template_name = "generic/object_detail.html"
    fields: list[str] | None = None
    edit_url_name: str | None = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        names = self.fields or [f.name for f in obj._meta.fields if f.name not in ("id",) and f.editable]
        context["attributes"] = [(obj._meta.get_field(n).verbose_name, _display(obj, n)) for n in names]
        context["history"] = history_of(obj)
        context["can_change"] = policy.can(self.request.user, policy.CHANGE, obj)
        context["edit_url"] = reverse(self.edit_url_name, args=[obj.pk]) if self.edit_url_name else None
        context["title"] = str(obj)
        return context


def _display(obj, name: str):
    getter = getattr(obj, f"get_{name}_display", None)
    value = getter() if getter else getattr(obj, name)
    if value is None:
        return ""
    return _plain(value)


def _plain(value):
    """A stored value as people read it: 是/否, amounts grouped (50000.00 yuan reads 50,000), local times."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        whole = value == value.to_integral_value()
        return number_format(value, decimal_pos=0 if whole else None, force_grouping=True)
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, dt.date):
        return date_format(value, "Y-m-d")
    return value


def history_of(obj, limit: int = 50) -> list[dict]:
    """Change records of an object, newest first, each with who, when and which fields changed how."""
    if not hasattr(obj, "history"):
        return []
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if older is not None and record.history_type == "~":
            delta = record.diff_against(older)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": _readable(field, change.old),
                        "new": _readable(field, change.new),
                    }
                )
            if not changes and not record.history_change_reason:
                continue  # a save that changed nothing shown here (e.g. only a field left out of history)
        entries.append(
            {
                "record": record,
                "type": {"+": "新增", "~": "修改", "-": "删除"}[record.history_type],
                "changes": changes,
                "reason": record.history_change_reason,
            }
        )
    return entries


def _readable(field, value):
    """A history value as people read it: a choice's label, related objects' names, else as `_plain` puts it."""
    if value is None or value == "":
        return value
    if field.many_to_many:  # stored as the through rows, e.g. [{"evaluationround": 2, "expert": 5}]
        ids = [row[field.m2m_reverse_field_name()] for row in value]
        return "、".join(str(o) for o in field.related_model._default_manager.filter(pk__in=ids))
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and field.many_to_one:
        related = field.related_model._default_manager.filter(**{field.target_field.name: value}).first()
        return str(related) if related is not None else value
    return _plain(value)


def show_service_error(request, error: ValidationError, form=None) -> None:
    """How every page shows a service's refusal: on the form, next to each field the error names (the rest
    above the form); after a button, where no form is shown again, as one error message."""
    if form is None:
        messages.error(request, "；".join(error.messages))
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.error_list)


class ServiceFormMixin:
    """A valid form goes to a service (`call_service`) in one transaction; a refusal (ValidationError,
    PermissionDenied) shows on the form and nothing is written; on success a message and a redirect."""

    success_message = "已保存：{result}"

    def call_service(self, form):
        raise NotImplementedError

    def check_result(self, result) -> None:
        """Inside the transaction, after the service: raise PermissionDenied to roll the write back."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.result = self.call_service(form)
                self.check_result(self.result)
        except ValidationError as exc:
            show_service_error(self.request, exc, form)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        todo.forget(self.request.user)
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_message(self) -> str:
        return self.success_message.format(result=self.result)


class ObjectEditView(ServiceFormMixin, PolicyMixin, generic.UpdateView):
    """Create (no pk) or update an object; the saved object must be in the user's scope or nothing is written.

    Subclasses with business rules override `save_form` to call their service; its refusals show on the form.
    """

    template_name = "generic/object_form.html"
    action = policy.CHANGE
    success_url_name: str | None = None

    def dispatch(self, request, *args, **kwargs):
        # A role that can add no such row anywhere is told so before filling in the form, not on saving it.
        adding = self.kwargs.get(self.pk_url_kwarg) is None
        if request.user.is_authenticated and adding and not policy.can_add(request.user, self.model):
            raise PermissionDenied("您的角色无权新增此类数据。")
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        if self.kwargs.get(self.pk_url_kwarg) is None:
            return None
        return super().get_object(queryset)

    def save_form(self, form):
        return form.save()

    def call_service(self, form):
        return self.save_form(form)

    def check_result(self, result) -> None:
        if not policy.can(self.request.user, policy.CHANGE, result):
            raise PermissionDenied("无权在该范围内新增或修改数据。")
        self.object = result

    def get_success_url(self):
        if self.success_url_name:
            return reverse(self.success_url_name)
        if hasattr(self.object, "get_absolute_url"):
            return self.object.get_absolute_url()
        return reverse("home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        context["title"] = (
            f"编辑{meta.verbose_name}：{self.object}" if self.object else f"新增{meta.verbose_name}"
        )
        return context


class ServiceFormView(ServiceFormMixin, PolicyMixin, generic.detail.SingleObjectMixin, generic.FormView):
    """A form whose valid data goes to a service (NetBox's `ObjectEditView`, for writes that are not one
    model form: revoke an award, enter a value, create a plan).

    With a `model`, the form is about one object in the user's change scope (404 outside it), `self.object`.
    The service (`service = staticmethod(services.plan_create)`, or override `call_service`) is called with
    keyword arguments, by default the signed-in user and the form's cleaned data; its ValidationError shows
    next to the field it names or above the form. Then `success_message` (formatted with `result`, what the
    service returned) and a redirect to the result's page (`get_success_url`).
    """

    template_name = "generic/object_form.html"
    action = policy.CHANGE
    service: Callable[..., Any] | None = None
    title = ""

    def get_object(self, queryset=None):
        if self.model is None and self.queryset is None:
            return None
        return super().get_object(queryset)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_service_kwargs(self, form) -> dict[str, Any]:
        return {"user": self.request.user, **form.cleaned_data}

    def call_service(self, form):
        return self.service(**self.get_service_kwargs(form))

    def get_success_url(self):
        return self.result.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.title:
            context["title"] = self.title.format(object=self.object)
        return context


class ActionView(PolicyMixin, generic.detail.SingleObjectMixin, generic.View):
    """A button that POSTs one action to a service, then goes back to its page (NetBox's object actions).

    - Permission from the policy: the role's `capability` (403) and, with a `model`, the object in the user's
      change scope (404). Views without a `model` find what they act on from the request.
    - What the button posts: `form_class` (a choice, a file) and, when `reason_required` is not None, a
      `reason` (required when True); an invalid form is refused like a service's refusal, with
      `invalid_message` if set, else the form's own errors.
    - Confirmation: on the button's page (`onsubmit="return confirm(…)"`); with `confirmation` set, a GET
      shows that question and the button on a page of its own. Otherwise a GET answers 405.
    - `perform(**data)` calls the service with keyword arguments; its ValidationError becomes an error
      message; otherwise `success_message` (formatted with `object` and `result`). Then back to
      `get_redirect_url()`, the object's page unless `get_success_url` sends a success elsewhere.
    """

    action = policy.CHANGE
    http_method_names = ["get", "post"]
    form_class: type[forms.Form] | None = None
    invalid_message = ""
    reason_required: bool | None = None
    reason_label = "原因"
    confirmation = ""
    success_message = ""
    template_name = "generic/object_confirm_action.html"

    def get_object(self, queryset=None):
        if self.model is None and self.queryset is None:
            return None
        return super().get_object(queryset)

    def get_form(self, data=None, files=None):
        form = (self.form_class or Form)(data, files, **self.get_form_kwargs())
        if self.reason_required is not None:
            form.fields["reason"] = forms.CharField(
                label=self.reason_label,
                required=self.reason_required,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                error_messages={"required": f"请填写{self.reason_label}。"},
            )
        return form

    def get_form_kwargs(self) -> dict[str, Any]:
        return {}

    def get(self, request, *args, **kwargs):
        if not self.confirmation:
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.object = self.get_object()
        context = {
            "object": self.object,
            "title": self.confirmation.format(object=self.object),
            "form": self.get_form(),
            "back_url": self.get_redirect_url(),
            **self.confirmation_context(),
        }
        return render(request, self.template_name, context)

    def confirmation_context(self) -> dict[str, Any]:
        """What the confirmation page shows besides the question (what the action will leave out, say)."""
        return {}

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.form = self.get_form(request.POST, request.FILES)
        try:
            if not self.form.is_valid():
                raise ValidationError(self.invalid_message or self.form.errors.as_data())
            result = self.perform(**self.form.cleaned_data)
        except ValidationError as exc:
            show_service_error(request, exc)
            return HttpResponseRedirect(self.get_failure_url())
        todo.forget(request.user)
        message = self.get_success_message(result)
        if message:
            messages.success(request, message)
        return HttpResponseRedirect(self.get_success_url(result))

    def perform(self, **data):
        raise NotImplementedError

    def get_success_message(self, result) -> str:
        return self.success_message.format(object=self.object, result=result)

    def get_redirect_url(self) -> str:
        return self.object.get_absolute_url()

    def get_success_url(self, result) -> str:
        return self.get_redirect_url()

    def get_failure_url(self) -> str:
        """Where a refusal is shown: back to the button's page (a confirmation page may ask again instead)."""
        return self.get_redirect_url()


def by_action(views: dict[str, type[generic.View]], kwarg: str = "action"):
    """One URL name for a page's several buttons, the action in the path (`…/<slug:action>/`): each action
    its own view, an unknown one 404."""
    handlers = {name: view.as_view() for name, view in views.items()}

    def dispatch(request, *args, **kwargs):
        handler = handlers.get(kwargs.pop(kwarg))
        if handler is None:
            raise Http404
        return handler(request, *args, **kwargs)

    return dispatch


class ObjectDeleteView(PolicyMixin, generic.DeleteView):
    """Delete an object in the user's change scope after a confirmation page; `delete_object` may call a
    service, whose ValidationError comes back as a message."""

    template_name = "generic/object_confirm_delete.html"
    action = policy.CHANGE
    success_url_name: str = "home"
    success_message = "已删除：{object}"

    def get_success_url(self):
        return reverse(self.success_url_name)

    def delete_object(self) -> None:
        self.object.delete()

    def form_valid(self, form):
        success_url = self.get_success_url()
        try:
            with transaction.atomic():
                self.delete_object()
        except ValidationError as exc:
            show_service_error(self.request, exc)
        except (ProtectedError, RestrictedError) as exc:
            messages.error(self.request, still_referenced(exc))
            return self.render_to_response(self.get_context_data(), status=409)
        else:
            messages.success(self.request, self.success_message.format(object=self.object))
        return HttpResponseRedirect(success_url)


def home(request):
    """A landing page made for the user's role."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    target = policy.home_url_name(request.user)
    if target != "home":
        return redirect(target)
    return render(request, "home.html", {"role": policy.role_of(request.user)})
