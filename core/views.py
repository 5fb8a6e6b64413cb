"""Generic views every app builds on (NetBox's generic views, in small): list with filters and Excel
export, detail with change history, edit and delete, all scoped through the policy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import policy
from core.deletion import still_referenced
from core.exports import table_to_sheet, xlsx_response


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
    """A filtered, paginated table; `?export=xlsx` downloads the same filtered rows as Excel."""

    template_name = "generic/object_list.html"
    # The table paginates; ListView must not paginate (and count) the same rows a second time.
    table_pagination = {"per_page": 50}
    add_url_name: str | None = None
    add_capability: str | None = None
    export_filename: str | None = None

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            filterset = self.get_filterset(self.get_filterset_class())
            queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else self.get_queryset()
            table = self.get_table_class()(queryset, exclude=getattr(self, "export_exclude", ()))
            title = str(self.model._meta.verbose_name_plural)
            filename = self.export_filename or f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
            return xlsx_response(filename, [table_to_sheet(table, title)])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model_meta"] = self.model._meta
        context["title"] = getattr(self, "title", None) or self.model._meta.verbose_name_plural
        can_add = self.add_url_name and (
            policy.allowed(self.request.user, self.add_capability) if self.add_capability else True
        )
        context["add_url"] = reverse(self.add_url_name) if can_add else None
        context["query_without_page"] = _query_without(self.request, "page")
        return context


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


class ObjectEditView(PolicyMixin, generic.UpdateView):
    """Create (no pk) or update an object; the saved object must be in the user's scope or nothing is written.

    Subclasses with business rules override `save_form` to call their service.
    """

    template_name = "generic/object_form.html"
    action = policy.CHANGE
    success_url_name: str | None = None

    def get_object(self, queryset=None):
        if self.kwargs.get(self.pk_url_kwarg) is None:
            return None
        return super().get_object(queryset)

    def save_form(self, form):
        return form.save()

    def form_valid(self, form):
        try:
            with transaction.atomic():
                obj = self.save_form(form)
                if not policy.can(self.request.user, policy.CHANGE, obj):
                    raise PermissionDenied("无权在该范围内新增或修改数据。")
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        self.object = obj
        messages.success(self.request, f"已保存：{obj}")
        return HttpResponseRedirect(self.get_success_url())

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


class ObjectDeleteView(PolicyMixin, generic.DeleteView):
    template_name = "generic/object_confirm_delete.html"
    action = policy.CHANGE
    success_url_name: str = "home"

    def get_success_url(self):
        return reverse(self.success_url_name)

    def form_valid(self, form):
        name = str(self.object)
        try:
            response = super().form_valid(form)
        except (ProtectedError, RestrictedError) as exc:
            messages.error(self.request, still_referenced(exc))
            return self.render_to_response(self.get_context_data(), status=409)
        messages.success(self.request, f"已删除：{name}")
        return response


def home(request):
    """A landing page made for the user's role."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    target = policy.home_url_name(request.user)
    if target != "home":
        return redirect(target)
    return render(request, "home.html", {"role": policy.role_of(request.user)})
