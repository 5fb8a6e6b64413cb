import django_tables2 as tables

from campaigns.models import Campaign, Case

RIGHT = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}


class CampaignTable(tables.Table):
    name = tables.Column(linkify=True)
    lead = tables.Column(verbose_name="牵头单位")

    class Meta:
        model = Campaign
        fields = ["name", "kind", "starts_on", "ends_on", "lead", "products"]


class CaseTable(tables.Table):
    cause = tables.Column(linkify=True)
    campaign = tables.Column(verbose_name="专项行动")
    region = tables.Column(verbose_name="县区")
    enterprise = tables.Column(verbose_name="涉案企业")
    goods_value = tables.Column(attrs=RIGHT)
    fines = tables.Column(attrs=RIGHT)

    class Meta:
        model = Case
        fields = [
            "opened_on",
            "campaign",
            "region",
            "number",
            "cause",
            "product",
            "enterprise",
            "party",
            "goods_value",
            "fines",
            "referred_to_police",
            "major",
        ]
