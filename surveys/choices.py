from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """What was surveyed (盘政发〔2014〕17号 二(二)、二(三)、三(三)3)."""

    PRODUCER_SERVICE = "producer_service", _("生产性服务业")
    CONSUMER_SERVICE = "consumer_service", _("生活性服务业")
    PUBLIC_SERVICE = "public_service", _("公共服务")
    ENGINEERING = "engineering", _("工程")
    HOUSING = "housing", _("住宅")


# The statistic's roll-up of 工程 and 住宅 together: the 2020 goal 群众对工程（住宅）质量满意度 reads it.
CONSTRUCTION = "construction"
CONSTRUCTION_LABEL = _("工程（住宅）")
CONSTRUCTION_SECTORS = (Sector.ENGINEERING, Sector.HOUSING)


class Method(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", _("问卷调查")
    PHONE = "phone", _("电话访问")
    ONLINE = "online", _("网络调查")
    INTERVIEW = "interview", _("入户访谈")
    MYSTERY = "mystery", _("神秘顾客")
    OTHER = "other", _("其他")


class ResultKind(models.TextChoices):
    INDEX = "index", _("满意度指数（满分100）")
    RATE = "rate", _("满意率（%）")
