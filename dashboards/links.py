"""Links from a dashboard figure to the records behind it, on pages other apps provide."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode


def record_url(url_name: str, *, code: str | None = None, **params) -> str:
    """The list page `url_name` filtered by `params` (blank ones left out)."""
    url = reverse(url_name, args=[code] if code else [])
    query = urlencode(
        {key: value for key, value in params.items() if value not in ("", None, [])}, doseq=True
    )
    return f"{url}?{query}" if query else url
