from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    """盘政发〔2014〕17号 三(三)5: 打击制售假冒伪劣 and the special rectification campaigns."""

    COUNTERFEIT = "counterfeit", _("打假治劣")
    SPECIAL = "special", _("专项整治")
