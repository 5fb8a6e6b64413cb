from accounts import policy
from core import views as generic
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
    model = Enterprise
    edit_url_name = "organizations:enterprise_edit"
    template_name = "organizations/enterprise_detail.html"


class EnterpriseEditView(generic.ObjectEditView):
    model = Enterprise
    form_class = forms.EnterpriseForm
