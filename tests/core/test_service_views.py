"""The generic views for services (core.views): a form that calls a service, a button that does, and the one
way a service's ValidationError reaches the user."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core.views import show_service_error
from organizations.models import Enterprise
from organizations.uscc import make_uscc
from tests.core.service_views_urls import RenameForm

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.service_views_urls")]


@pytest.fixture
def enterprise(county):
    return Enterprise.objects.create(
        name="盘锦甲有限公司", uscc=make_uscc("91211103MA0000001"), region=county
    )


@pytest.fixture
def other_enterprise(other_county):
    return Enterprise.objects.create(
        name="盘山乙有限公司", uscc=make_uscc("91211122MA0000002"), region=other_county
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def action_url(enterprise, action="note") -> str:
    return reverse("test_action", kwargs={"pk": enterprise.pk, "action": action})


# The form view ------------------------------------------------------------------------------------


def test_service_form_shows_a_field_error_next_to_its_field(client_for, office_user, enterprise):
    response = client_for(office_user).post(
        reverse("test_rename", args=[enterprise.pk]), {"name": "重名公司"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == ["已有同名企业。"]
    assert not form.non_field_errors()
    enterprise.refresh_from_db()
    assert enterprise.name == "盘锦甲有限公司"


def test_service_form_shows_a_whole_form_error_above_the_form(client_for, office_user, enterprise):
    response = client_for(office_user).post(
        reverse("test_rename", args=[enterprise.pk]), {"name": "停业公司"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["企业已停业，不能改名。"]
    assert "企业已停业，不能改名。" in response.content.decode()


def test_service_form_puts_an_error_on_a_field_it_lacks_above_the_form(client_for, office_user, enterprise):
    response = client_for(office_user).post(
        reverse("test_rename", args=[enterprise.pk]), {"name": "信用代码"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["信用代码与名称不符。"]


def test_service_form_saves_says_so_and_redirects(client_for, office_user, enterprise):
    client = client_for(office_user)
    assert client.get(reverse("test_rename", args=[enterprise.pk])).context["title"] == "改名：盘锦甲有限公司"
    response = client.post(reverse("test_rename", args=[enterprise.pk]), {"name": "盘锦丙有限公司"})
    assert response.status_code == 302 and response.url == enterprise.get_absolute_url()
    assert messages_of(response) == ["已改名：盘锦丙有限公司"]
    enterprise.refresh_from_db()
    assert enterprise.name == "盘锦丙有限公司"
    assert enterprise.history.first().name == "盘锦丙有限公司"


def test_service_form_object_outside_the_change_scope_is_404(
    client_for, county_user, enterprise, other_enterprise
):
    client = client_for(county_user)
    assert client.get(reverse("test_rename", args=[enterprise.pk])).status_code == 200
    assert client.post(reverse("test_rename", args=[other_enterprise.pk]), {"name": "改"}).status_code == 404
    other_enterprise.refresh_from_db()
    assert other_enterprise.name == "盘山乙有限公司"


def test_model_edit_view_shows_the_service_error_by_field(client_for, office_user, enterprise):
    response = client_for(office_user).post(reverse("test_edit", args=[enterprise.pk]), {"name": "重名公司"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["已有同名企业。"]


def test_delete_view_shows_the_service_refusal_as_a_message(client_for, office_user, enterprise):
    response = client_for(office_user).post(reverse("test_delete", args=[enterprise.pk]))
    assert response.status_code == 302
    assert messages_of(response) == ["企业已有抽查记录，不能删除。"]
    assert Enterprise.objects.filter(pk=enterprise.pk).exists()


# The action view ----------------------------------------------------------------------------------


def test_action_calls_the_service_and_goes_back(client_for, office_user, enterprise):
    response = client_for(office_user).post(action_url(enterprise), {"reason": "新址"})
    assert response.status_code == 302 and response.url == enterprise.get_absolute_url()
    assert messages_of(response) == ["已备注：盘锦甲有限公司"]
    enterprise.refresh_from_db()
    assert enterprise.address == "新址"


def test_action_shows_the_service_error_as_a_message(client_for, office_user, enterprise):
    response = client_for(office_user).post(action_url(enterprise), {"reason": "不合规"})
    assert response.status_code == 302 and response.url == enterprise.get_absolute_url()
    assert messages_of(response) == ["备注不合规。"]
    enterprise.refresh_from_db()
    assert enterprise.address == ""


def test_action_refuses_a_missing_reason_when_required(client_for, office_user, enterprise):
    response = client_for(office_user).post(action_url(enterprise), {"reason": "  "})
    assert response.status_code == 302
    assert messages_of(response) == ["请填写备注。"]
    enterprise.refresh_from_db()
    assert enterprise.address == ""


def test_action_takes_an_optional_reason_blank(client_for, office_user, enterprise):
    enterprise.address = "旧址"
    enterprise.save(update_fields=["address"])
    response = client_for(office_user).post(action_url(enterprise, "confirmed-note"))
    assert messages_of(response) == ["已备注：盘锦甲有限公司"]
    enterprise.refresh_from_db()
    assert enterprise.address == ""


def test_action_without_the_capability_is_403(client_for, county_user, leader_user, enterprise):
    for user in (county_user, leader_user):
        assert client_for(user).post(action_url(enterprise), {"reason": "新址"}).status_code == 403
    enterprise.refresh_from_db()
    assert enterprise.address == ""


def test_action_needs_login(client, enterprise):
    response = client.post(action_url(enterprise), {"reason": "新址"})
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_action_on_an_object_that_does_not_exist_is_404(client_for, office_user):
    response = client_for(office_user).post(reverse("test_action", kwargs={"pk": 999999, "action": "note"}))
    assert response.status_code == 404


def test_get_on_a_post_only_action_is_405(client_for, office_user, enterprise):
    assert client_for(office_user).get(action_url(enterprise)).status_code == 405


def test_get_on_an_action_with_a_confirmation_shows_the_question(client_for, office_user, enterprise):
    response = client_for(office_user).get(action_url(enterprise, "confirmed-note"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "确定为“盘锦甲有限公司”加备注吗？" in page
    assert 'name="reason"' in page
    enterprise.refresh_from_db()
    assert enterprise.address == ""


def test_unknown_action_is_404(client_for, office_user, enterprise):
    assert client_for(office_user).post(action_url(enterprise, "erase")).status_code == 404


# The one way of showing a service's ValidationError ---------------------------------------------------


def test_show_service_error_joins_a_buttons_messages_in_one(rf):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.core.exceptions import ValidationError

    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    show_service_error(request, ValidationError({"name": "名称重复。", "uscc": ["代码有误。"]}))
    assert [str(m) for m in request._messages] == ["名称重复。；代码有误。"]


def test_show_service_error_on_a_form_keeps_each_error_by_field():
    from django.core.exceptions import ValidationError

    form = RenameForm({"name": "甲"})
    assert form.is_valid()
    show_service_error(None, ValidationError({"name": "名称重复。", "__all__": "整体有误。"}), form)
    assert form.errors == {"name": ["名称重复。"], "__all__": ["整体有误。"]}
