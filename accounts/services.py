"""Writes of the accounts app: a user's notice preferences and the morning to-do digest (e-mail to each user,
markdown to the office's 企业微信 group), at most once a day per user and channel."""

from __future__ import annotations

import datetime as dt
import json
import logging
import smtplib
import urllib.request
from urllib.error import URLError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.choices import Role
from accounts.models import NoticeChannel, NoticeSent, User
from core import todo

logger = logging.getLogger(__name__)
# 企业微信 refuses a markdown message past 4096 bytes: the group gets the first items and a link to the rest.
WECOM_MAX_ITEMS = 20


@transaction.atomic
def notice_preferences_save(*, user: User, email: str, receives_digest: bool) -> User:
    """A user chooses whether the morning digest comes, and where to."""
    if receives_digest and not email:
        raise ValidationError({"email": "要接收每日待办邮件，请填写电子邮箱。"})
    user.email, user.receives_digest = email, receives_digest
    user.full_clean()
    user.save(update_fields=["email", "receives_digest"])
    return user


def _absolute(url: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + url


def _claim(channel: str, user: User | None, today: dt.date, items: int) -> NoticeSent | None:
    """Record the notice before sending it; None when today's is already recorded (sent, or being sent)."""
    try:
        with transaction.atomic():
            return NoticeSent.objects.create(channel=channel, user=user, date=today, items=items)
    except IntegrityError:
        return None


def digest_message(*, user: User, items: list[todo.Todo], today: dt.date) -> EmailMultiAlternatives:
    context = {
        "user": user,
        "today": today,
        "items": [{"item": t, "link": _absolute(t.url)} for t in items],
        "todo_url": _absolute("/todo/"),
        "preferences_url": _absolute("/accounts/notices/"),
    }
    message = EmailMultiAlternatives(
        # The same total as the menu bar's count.
        subject=f"【质量强市工作平台】{today:%Y-%m-%d} 待办事项 {sum(t.count for t in items)} 项",
        body=render_to_string("notices/digest.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("notices/digest.html", context), "text/html")
    return message


def digest_send(*, user: User, today: dt.date, connection=None) -> bool:
    """Send one user their to-do list by e-mail, unless they have nothing to do or had it today already."""
    items = todo.items_for(user, today)
    if not items or not user.email or not user.receives_digest:
        return False
    record = _claim(NoticeChannel.EMAIL, user, today, len(items))
    if record is None:
        return False
    message = digest_message(user=user, items=items, today=today)
    message.connection = connection
    try:
        message.send()
    except (OSError, smtplib.SMTPException):
        record.delete()
        raise
    return True


def _office_view() -> User:
    """An office user of no one in particular: what the office as a whole must do (no one's own jobs)."""
    return User(username="office-group", role=Role.OFFICE, is_active=True)


def wecom_markdown(items: list[todo.Todo], today: dt.date) -> str:
    lines = [f"**质量强市工作平台 · 办公室今日待办（{today:%Y-%m-%d}）**"]
    for t in items[:WECOM_MAX_ITEMS]:
        count = (
            f'<font color="{"warning" if t.urgent else "info"}">{t.count}</font> 项 ' if t.count > 1 else ""
        )
        due = f'<font color="comment">截止 {t.due:%Y-%m-%d}</font> ' if t.due else ""
        lines.append(f"> {t.label}：{count}{due}[去办理]({_absolute(t.url)})")
    if len(items) > WECOM_MAX_ITEMS:
        lines.append(f"另有 {len(items) - WECOM_MAX_ITEMS} 项，见 [待办事项]({_absolute('/todo/')})")
    return "\n".join(lines)


def wecom_send(*, today: dt.date, url: str | None = None) -> bool:
    """Post the office's to-do to its 企业微信 group robot (a markdown message), once a day."""
    url = url if url is not None else settings.WECOM_WEBHOOK_URL
    if not url:
        return False
    items = todo.items_for(_office_view(), today)
    if not items:
        return False
    record = _claim(NoticeChannel.WECOM, None, today, len(items))
    if record is None:
        return False
    body = json.dumps({"msgtype": "markdown", "markdown": {"content": wecom_markdown(items, today)}})
    request = urllib.request.Request(
        url, data=body.encode("utf-8"), headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (the office's own setting)
            answer = json.loads(response.read() or b"{}")
        if answer.get("errcode", 0) != 0:
            raise ValueError(f"企业微信拒绝了消息：{answer.get('errmsg', answer)}")
    except (OSError, URLError, ValueError):
        record.delete()
        raise
    return True


def digests_send(today: dt.date | None = None) -> dict[str, int]:
    """The morning run: every active user who wants the digest and has an address, then the office's group.
    A failure for one user is logged and does not stop the others; that user may get it on a later run today."""
    today = today or timezone.localdate()
    already = NoticeSent.objects.filter(channel=NoticeChannel.EMAIL, date=today).values("user_id")
    users = (
        User.objects.filter(is_active=True, receives_digest=True)
        .exclude(email="")
        .exclude(pk__in=already)
        .select_related("region", "department")
    )
    counts = {"sent": 0, "skipped": 0, "failed": 0, "group": 0}
    connection = get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException):
        logger.exception("邮件服务器连不上，今天的待办邮件留待下次运行")
        counts["failed"] = users.count()
    else:
        try:
            for user in users:
                try:
                    sent = digest_send(user=user, today=today, connection=connection)
                except (OSError, smtplib.SMTPException):
                    logger.exception("待办邮件发送失败：%s", user.username)
                    counts["failed"] += 1
                    continue
                counts["sent" if sent else "skipped"] += 1
        finally:
            connection.close()
    try:
        counts["group"] = int(wecom_send(today=today))
    except (OSError, URLError, ValueError):
        logger.exception("企业微信待办消息发送失败")
    return counts
