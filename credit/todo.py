"""What the credit app asks of a user: penalties and blacklist entries they entered but have not published."""

from django.urls import reverse

from accounts import policy
from core import todo
from credit.models import BlacklistEntry, Penalty


@todo.source
def unpublished(user, today):
    # 双公示 asks for publication within 7 working days of the decision; the list shows what still waits.
    if not policy.allowed(user, "credit.enter"):
        return
    for model, url_name, label in (
        (Penalty, "credit:penalty_list", "未公示的行政处罚"),
        (BlacklistEntry, "credit:blacklist_list", "未公示的严重失信名单"),
    ):
        if n := model.objects.for_user(user, policy.CHANGE).filter(published=False).count():
            yield todo.Todo(label, f"{reverse(url_name)}?published=false", count=n, area="质量信用")
