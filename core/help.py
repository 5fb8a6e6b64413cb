"""使用说明: one page per area for office staff (what each status word means, how to import, how approval
works), and the link to it on every page of that area (`help_for_path`, through the context processor)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe


@dataclass(frozen=True)
class Area:
    slug: str
    title: str
    # Path prefixes of the area's pages: each of them links to this help page.
    prefixes: tuple[str, ...]


AREAS = (
    Area("targets", "目标与数据填报", ("/targets/",)),
    Area("inspections", "监督抽查", ("/inspections/",)),
    Area("brands", "品牌与质量奖", ("/brands/",)),
    Area("complaints", "投诉举报", ("/complaints/",)),
    Area("assessments", "县区考核与报告", ("/assessments/",)),
    Area("dashboards", "看板与统计", ("/dashboards/",)),
)
BY_SLUG = {area.slug: area for area in AREAS}


def help_for_path(path: str) -> str | None:
    """The 使用说明 page of the area a page belongs to, or None."""
    for area in AREAS:
        if path.startswith(area.prefixes):
            return reverse("help:area", args=[area.slug])
    return None


@require_safe
@login_required
def index(request):
    return render(request, "help/index.html", {"title": "使用说明", "areas": AREAS})


@require_safe
@login_required
def area(request, slug: str):
    found = BY_SLUG.get(slug)
    if found is None:
        raise Http404("没有这份使用说明。")
    return render(
        request, f"help/{slug}.html", {"title": f"使用说明：{found.title}", "area": found, "areas": AREAS}
    )
