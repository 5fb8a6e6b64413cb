from accounts import policy
from core import views as generic
from core.registry import record_sections
from organizations import filtersets, forms, tables
from organizations.models import Department, Enterprise, Region


class RegionListView(generic.ObjectListView):
    model = Region
    filterset_class = filtersets.RegionFilterSet
    table_class = tables.RegionTable


class RegionDetailView(generic.ObjectDetailView):
    model = Region


class DepartmentListView(generic.ObjectListView):
    model = Department
    filterset_class = filtersets.DepartmentFilterSet
    table_class = tables.DepartmentTable


class DepartmentDetailView(generic.ObjectDetailView):
    model = Department


class EnterpriseListView(generic.ObjectListView):
    model = Enterprise
    queryset = Enterprise.objects.select_related("region")
    filterset_class = filtersets.EnterpriseFilterSet
    table_class = tables.EnterpriseTable
    add_url_name = "organizations:enterprise_add"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if not (policy.allowed(user, "reference.change") or policy.role_of(user) == "county"):
            context["add_url"] = None
        return context


class EnterpriseDetailView(generic.ObjectDetailView):
    """The enterprise's quality record: its register entry, then what each app knows of it."""

    model = Enterprise
    edit_url_name = "organizations:enterprise_edit"
    template_name = "organizations/enterprise_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["record_sections"] = [
            {
                "title": section.title,
                "template": section.template,
                **section.context(self.object, self.request.user),
            }
            for section in record_sections()
        ]
        return context


class EnterpriseEditView(generic.ObjectEditView):
    model = Enterprise
    form_class = forms.EnterpriseForm
