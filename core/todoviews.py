"""The to-do page (待办事项), the block on each role's home page and the count in the menu bar.

The block and the count are fetched by htmx after the page, so no page pays for the to-do sources' queries
and a slow source never holds a page back; both read `todo.cached_items`.
"""

from __future__ import annotations

from itertools import groupby

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views import generic

from core import todo


def _grouped(items: list[todo.Todo]) -> list[tuple[str, list[todo.Todo]]]:
    by_area = sorted(items, key=lambda t: t.area)
    return [(area or "其他", list(group)) for area, group in groupby(by_area, key=lambda t: t.area)]


class TodoView(LoginRequiredMixin, generic.TemplateView):
    """Every to-do of the user, counted afresh, urgent first, then grouped by area."""

    template_name = "todo/todo_list.html"

    def get_context_data(self, **kwargs):
        items = todo.items_for(self.request.user)
        todo.forget(self.request.user)
        return {
            **super().get_context_data(**kwargs),
            "title": "待办事项",
            "items": items,
            "urgent": [t for t in items if t.urgent],
            "groups": _grouped([t for t in items if not t.urgent]),
        }


class TodoBlockView(LoginRequiredMixin, generic.TemplateView):
    """The home pages' block: the first items, a link to the rest."""

    template_name = "todo/_block.html"
    shown = 8

    def get_context_data(self, **kwargs):
        items = todo.cached_items(self.request.user)
        return {
            **super().get_context_data(**kwargs),
            "items": items[: self.shown],
            "more": len(items) - self.shown,
        }


class TodoCountView(LoginRequiredMixin, generic.TemplateView):
    """The menu bar's badge: how many things wait, red when any is late."""

    template_name = "todo/_count.html"

    def get_context_data(self, **kwargs):
        items = todo.cached_items(self.request.user)
        return {
            **super().get_context_data(**kwargs),
            "count": sum(t.count for t in items),
            "urgent": any(t.urgent for t in items),
        }
