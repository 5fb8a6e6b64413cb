import django_tables2 as tables

from plans.models import Plan, PlanItem


class PlanTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = Plan
        fields = ["year", "title", "document_no", "issued_on"]


class PlanItemTable(tables.Table):
    """The table offices circulate: 序号, 工作任务, 牵头单位, 配合单位, 完成时限, 进展."""

    number = tables.Column(verbose_name="序号")
    task = tables.Column(verbose_name="工作任务", linkify=True)
    lead_name = tables.Column(verbose_name="牵头单位", accessor="lead_name", orderable=False)
    supporting_names = tables.Column(verbose_name="配合单位", accessor="supporting_names", orderable=False)
    deadline = tables.DateColumn(
        verbose_name="完成时限", format="Y-m-d", attrs={"td": {"class": "text-nowrap"}}
    )
    progress_text = tables.Column(verbose_name="进展", accessor="progress_text", orderable=False)

    class Meta:
        model = PlanItem
        fields = ["number", "task", "lead_name", "supporting_names", "deadline", "progress_text"]
        sequence = ["number", "task", "lead_name", "supporting_names", "deadline", "progress_text"]
