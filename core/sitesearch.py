"""The one search box in the menu bar: enterprises, work orders, targets and awards, each found through its
own list's FilterSet (`?q=`, the same bigram indexes and words as the list) over the rows the policy lets the
user see (`for_user`), so the results page never shows more than the lists would.

Kinds are named by dotted path and imported when searched: core does not import the apps at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe

from core.search import terms_of

# Rows shown per kind; the kind's list (“查看全部”) has the rest.
SHOWN = 10


@dataclass(frozen=True)
class Kind:
    label: str
    model: str
    filterset: str
    list_url: str
    related: tuple[str, ...] = ()
    # The list page filters by the same `?q=` (the targets board shows every target and takes none).
    list_takes_q: bool = True


KINDS = [
    Kind(
        "企业",
        "organizations.models.Enterprise",
        "organizations.filtersets.EnterpriseFilterSet",
        "organizations:enterprise_list",
        ("region",),
    ),
    Kind(
        "投诉工单",
        "complaints.models.Complaint",
        "complaints.filtersets.ComplaintFilterSet",
        "complaints:complaint_list",
        ("hotline", "region"),
    ),
    Kind(
        "目标",
        "targets.models.Target",
        "targets.filtersets.TargetFilterSet",
        "targets:board",
        ("indicator",),
        list_takes_q=False,
    ),
    Kind(
        "获奖与名牌",
        "brands.models.Award",
        "brands.filtersets.AwardFilterSet",
        "brands:award_list",
        ("enterprise", "award_type"),
    ),
]


def search_all(user, text: str) -> list[dict]:
    """Each kind's first rows matching every word of `text` among the rows `user` may see."""
    if not terms_of(text):
        return []
    groups = []
    for kind in KINDS:
        model = import_string(kind.model)
        queryset = model.objects.for_user(user).select_related(*kind.related)
        found = import_string(kind.filterset)({"q": text}, queryset=queryset).qs
        rows = list(found[: SHOWN + 1])
        groups.append(
            {
                "label": kind.label,
                "rows": rows[:SHOWN],
                "more": len(rows) > SHOWN,
                "list_url": reverse(kind.list_url)
                + (f"?{urlencode({'q': text})}" if kind.list_takes_q else ""),
            }
        )
    return groups


@require_safe
def search_view(request):
    """`/search/?q=`: the results grouped by kind (signed-in users only, like every page)."""
    from django.contrib.auth.views import redirect_to_login

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    text = request.GET.get("q", "").strip()[:100]
    groups = search_all(request.user, text)
    return render(
        request,
        "search/results.html",
        {"title": "搜索", "q": text, "groups": groups, "found": sum(len(g["rows"]) for g in groups)},
    )
