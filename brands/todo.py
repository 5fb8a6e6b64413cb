"""Awards ending within 90 days: the office reminds their holders to apply again or renew the certificate."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min
from django.urls import reverse

from accounts import policy
from brands.models import Award
from brands.views import ExpiringListView
from core import todo


@todo.source
def awards_expiring(user, today: dt.date):
    if not policy.allowed(user, ExpiringListView.capability):
        return
    days = ExpiringListView.days
    found = (
        Award.objects.for_user(user).expiring(today, days).aggregate(n=Count("pk"), first=Min("valid_until"))
    )
    if found["n"]:
        label = f"{days}天内到期的获奖，提醒企业复评或换证"
        yield todo.Todo(label, reverse("brands:expiring"), count=found["n"], due=found["first"], area="品牌")
