"""The project's URLs plus small views built on the generic service views, for tests/core/test_service_views.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from core import views
from core.forms import Form, ModelForm
from organizations.models import Enterprise


def enterprise_rename(*, enterprise: Enterprise, name: str, user) -> Enterprise:
    """A service with rules: refuses some names by field, some as a whole, one naming a field the form lacks."""
    if name == "重名公司":
        raise ValidationError({"name": "已有同名企业。"})
    if name == "停业公司":
        raise ValidationError("企业已停业，不能改名。")
    if name == "信用代码":
        raise ValidationError({"uscc": "信用代码与名称不符。"})
    enterprise.name = name
    enterprise.save(update_fields=["name"])
    return enterprise


def enterprise_note(*, enterprise: Enterprise, reason: str, user) -> Enterprise:
    if reason == "不合规":
        raise ValidationError("备注不合规。")
    enterprise.address = reason
    enterprise.save(update_fields=["address"])
    return enterprise


class RenameForm(Form):
    name = forms.CharField(label="新名称", max_length=120)


class RenameView(views.ServiceFormView):
    model = Enterprise
    form_class = RenameForm
    success_message = "已改名：{result}"
    title = "改名：{object}"

    def call_service(self, form):
        return enterprise_rename(enterprise=self.object, user=self.request.user, **form.cleaned_data)


class NoteView(views.ActionView):
    model = Enterprise
    capability = "reference.change"
    reason_required = True
    reason_label = "备注"
    success_message = "已备注：{object}"

    def perform(self, reason: str):
        return enterprise_note(enterprise=self.object, reason=reason, user=self.request.user)


class ConfirmedNoteView(NoteView):
    reason_required = False
    confirmation = "确定为“{object}”加备注吗？"


class EnterpriseForm(ModelForm):
    class Meta:
        model = Enterprise
        fields = ["name"]


class EditView(views.ObjectEditView):
    model = Enterprise
    form_class = EnterpriseForm

    def save_form(self, form):
        return enterprise_rename(
            enterprise=form.instance, name=form.cleaned_data["name"], user=self.request.user
        )


class DeleteView(views.ObjectDeleteView):
    model = Enterprise

    def delete_object(self):
        raise ValidationError("企业已有抽查记录，不能删除。")


urlpatterns = [
    *project_urlpatterns,
    path("test/rename/<int:pk>/", RenameView.as_view(), name="test_rename"),
    path("test/edit/<int:pk>/", EditView.as_view(), name="test_edit"),
    path("test/delete/<int:pk>/", DeleteView.as_view(), name="test_delete"),
    path(
        "test/<int:pk>/<slug:action>/",
        views.by_action({"note": NoteView, "confirmed-note": ConfirmedNoteView}),
        name="test_action",
    ),
]
