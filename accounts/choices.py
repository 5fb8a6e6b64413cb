from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("领导小组办公室")
    DEPARTMENT = "department", _("成员单位")
    COUNTY = "county", _("县区")
    LEADER = "leader", _("领导")
    ADMIN = "admin", _("系统管理员")
