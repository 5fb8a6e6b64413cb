"""Sign-in protection: sessions that end after a working day of inactivity, and django-axes' lockout page."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import render

SEEN = "_seen_at"
# Refresh the session's expiry at most this often, not on every request (a database write each time).
REFRESH_AFTER_S = 5 * 60


@receiver(user_logged_in)
def _mark_seen_at_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SEEN] = int(time.time())


class SessionActivityMiddleware:
    """Slide a signed-in session's expiry (SESSION_COOKIE_AGE) forward while it is used.

    Like SESSION_SAVE_EVERY_REQUEST, so the session ends SESSION_COOKIE_AGE after the last request, but
    saved at most every REFRESH_AFTER_S.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and "_auth_user_id" in session:
            now = int(time.time())
            if now - session.get(SEEN, 0) >= REFRESH_AFTER_S:
                # Marks the session modified: SessionMiddleware saves it with a new expiry.
                session[SEEN] = now
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a user name has failed too often from an address: the login page, saying so."""
    from accounts.forms import LoginForm

    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = LoginForm(request, initial={"username": username})
    message = (
        f"登录失败次数过多（连续 {settings.AXES_FAILURE_LIMIT} 次），该账号已暂时锁定。"
        f"请 {settings.AXES_COOLOFF_MINUTES} 分钟后再试，或联系系统管理员解锁。"
    )
    return render(request, "registration/login.html", {"form": form, "locked_message": message}, status=429)
