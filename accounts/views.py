"""A user's own pages besides sign-in and password: the to-do reminder settings."""

from __future__ import annotations

from django.urls import reverse

from accounts import services
from accounts.forms import NoticePreferencesForm
from accounts.models import NoticeSent
from core import views as core_views


class NoticePreferencesView(core_views.ServiceFormView):
    """Whether the morning digest comes and to which address; the last ones sent."""

    form_class = NoticePreferencesForm
    template_name = "notices/preferences.html"
    title = "待办提醒设置"
    service = staticmethod(services.notice_preferences_save)
    success_message = "已保存待办提醒设置。"

    def get_initial(self):
        user = self.request.user
        return {"email": user.email, "receives_digest": user.receives_digest}

    def get_success_url(self):
        return reverse("accounts:notices")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["sent"] = NoticeSent.objects.for_user(user).filter(user=user)[:10]
        return context
