"""`manage.py check` refuses a menu or policy entry that names a page or capability that does not exist."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from accounts import policy
from core import navigation
from core.checks import check_named_urls
from core.navigation import Item


def test_the_menu_and_the_policy_name_only_existing_pages():
    assert check_named_urls() == []


def test_a_menu_entry_naming_a_missing_url_fails_the_check(monkeypatch):
    section, items = navigation.MENU[0]
    monkeypatch.setattr(
        navigation,
        "MENU",
        [(section, [*items, Item("事故报告", "incidents:report_list")]), *navigation.MENU[1:]],
    )
    errors = check_named_urls()
    assert [(e.id, e.msg) for e in errors] == [
        (
            "core.E001",
            f"Menu entry “{section} › 事故报告” (core.navigation.MENU) names URL 'incidents:report_list', "
            "which does not exist.",
        )
    ]
    with pytest.raises(SystemCheckError, match="incidents:report_list"):
        call_command("check")


def test_a_menu_entry_needing_an_unknown_capability_fails_the_check(monkeypatch):
    monkeypatch.setattr(
        navigation, "MENU", [("总览", [Item("全市看板", "dashboards:city", "dashboards.city")])]
    )
    assert [(e.id, "'dashboards.city'" in e.msg) for e in check_named_urls()] == [("core.E002", True)]


def test_a_home_page_naming_a_missing_url_fails_the_check(monkeypatch):
    monkeypatch.setitem(policy.HOME_PAGES, "county", "dashboards:county_homepage")
    errors = check_named_urls()
    assert [e.id for e in errors] == ["core.E001"]
    assert "role “county”" in errors[0].msg and "'dashboards:county_homepage'" in errors[0].msg
