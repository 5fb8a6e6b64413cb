"""System checks (`manage.py check`, and at every runserver start): the menu and the policy name only pages and
capabilities that exist, so a mistyped or removed URL name stops the portal instead of a menu entry vanishing."""

from __future__ import annotations

from django.core.checks import Error
from django.urls import NoReverseMatch, reverse

from accounts import policy
from core import navigation


def check_named_urls(app_configs=None, **kwargs) -> list[Error]:
    named = [
        (f"Menu entry “{section} › {item.label}” (core.navigation.MENU)", item.url_name)
        for section, items in navigation.MENU
        for item in items
    ]
    named += [
        (f"Home page of role “{role}” (accounts.policy.HOME_PAGES)", name)
        for role, name in policy.HOME_PAGES.items()
    ]
    errors = []
    for where, url_name in named:
        try:
            reverse(url_name)
        except NoReverseMatch:
            errors.append(
                Error(
                    f"{where} names URL {url_name!r}, which does not exist.",
                    hint="Correct the name, or remove the entry with its page.",
                    id="core.E001",
                )
            )
    for section, items in navigation.MENU:
        for item in items:
            if item.capability is not None and item.capability not in policy.CAPABILITIES:
                errors.append(
                    Error(
                        f"Menu entry “{section} › {item.label}” (core.navigation.MENU) needs capability "
                        f"{item.capability!r}, which accounts.policy.CAPABILITIES does not define.",
                        id="core.E002",
                    )
                )
    return errors
