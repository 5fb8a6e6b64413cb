"""To-dos of the registers: testing agencies whose CMA accreditation runs out, for those who keep the register."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Min
from django.urls import reverse

from core import todo
from foundations.models import Agency

# As long ahead as an agency needs to apply for its renewal (资质认定证书有效期届满前三个月提出申请).
RENEWAL_NOTICE = dt.timedelta(days=90)


@todo.source
def agencies_expiring(user, today: dt.date):
    expiring = Agency.objects.for_user(user, "change").filter(
        valid_until__gte=today, valid_until__lte=today + RENEWAL_NOTICE
    )
    found = expiring.aggregate(first=Min("valid_until"))
    if count := expiring.count():
        url = f"{reverse('foundations:agency_list')}?{urlencode({'valid': 'true'})}"
        yield todo.Todo("检验检测机构资质即将到期", url, count=count, due=found["first"], area="质量基础")
