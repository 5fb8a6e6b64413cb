"""The assessments listen to the registers that decide a veto (core.vetoes): a change there reaches the county's
assessment of the window the day falls in, in the same transaction."""

from __future__ import annotations

import datetime as dt

from assessments import services
from assessments.models import Scheme
from core import vetoes


@vetoes.on_change
def register_changed(region_id: int, day: dt.date) -> None:
    for scheme in Scheme.objects.filter(period_start__lte=day, period_end__gte=day):
        services.vetoes_sync(scheme, [region_id])
