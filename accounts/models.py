from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.models import PortalModel, ScopedModel
from core.querysets import ScopedQuerySet
from core.scoping import ScopeRule


class ScopedUserManager(UserManager.from_queryset(ScopedQuerySet)):
    pass


class User(AbstractUser, PortalModel):
    """A portal user with one role; county users belong to a region, department users to a department."""

    role = models.CharField(_("角色"), max_length=16, choices=Role, default=Role.LEADER)
    region = models.ForeignKey(
        "organizations.Region", verbose_name=_("所属县区"), null=True, blank=True, on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    full_name = models.CharField(_("姓名"), max_length=30, blank=True)
    phone = models.CharField(_("电话"), max_length=20, blank=True)
    receives_digest = models.BooleanField(
        _("接收每日待办邮件"), default=True, help_text=_("每个工作日早上把本人的待办事项发到上面的邮箱。")
    )

    history_excluded_fields = ["password", "last_login"]
    objects = ScopedUserManager()
    scope_rule = ScopeRule(change_all=frozenset({"admin"}), view_all=frozenset({"admin", "office"}))

    class Meta:
        ordering = ["username"]
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="county") | Q(region__isnull=False),
                name="county_user_has_region",
                violation_error_message=_("县区用户必须指定所属县区。"),
            ),
            models.CheckConstraint(
                condition=~Q(role="department") | Q(department__isnull=False),
                name="department_user_has_department",
                violation_error_message=_("成员单位用户必须指定所属单位。"),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        if self.role == Role.COUNTY and not self.region_id:
            raise ValidationError({"region": _("县区用户必须指定所属县区。")})
        if self.role == Role.DEPARTMENT and not self.department_id:
            raise ValidationError({"department": _("成员单位用户必须指定所属单位。")})

    @cached_property
    def region_ids(self) -> list[int]:
        """The user's region with the regions it absorbed (大洼区 takes 大洼县's history)."""
        from organizations.models import Region

        if not self.region_id:
            return []
        return [
            self.region_id,
            *Region.objects.filter(successor_id=self.region_id).values_list("pk", flat=True),
        ]


class NoticeChannel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    WECOM = "wecom", _("企业微信群机器人")


class NoticeSent(ScopedModel):
    """A morning digest that went out: to a user by e-mail, or to the office's 企业微信 group (no user).

    One per channel, user and day (constraints), which is what keeps the digest to once a day whatever
    runs the task; the row is written before sending and removed when sending fails, so a retry may send.
    """

    channel = models.CharField(_("渠道"), max_length=8, choices=NoticeChannel)
    user = models.ForeignKey(
        User, verbose_name=_("用户"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField(_("日期"))
    items = models.PositiveIntegerField(_("待办条数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    scope_rule = ScopeRule(owner="user")

    class Meta:
        ordering = ["-date", "channel"]
        verbose_name = _("待办提醒记录")
        verbose_name_plural = _("待办提醒记录")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "user", "date"],
                condition=Q(user__isnull=False),
                name="notice_once_a_day_per_user",
                violation_error_message=_("今天已向该用户发送过待办提醒。"),
            ),
            models.UniqueConstraint(
                fields=["channel", "date"],
                condition=Q(user__isnull=True),
                name="notice_once_a_day_per_group",
                violation_error_message=_("今天已向办公室群发送过待办提醒。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.user or '办公室群'} {self.date}"
