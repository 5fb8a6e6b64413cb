"""The main menu, by role. An entry shows when the policy lets the user reach it; core.checks makes sure
every entry names a page that exists."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from accounts import policy


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    capability: str | None = None
    icon: str = ""
    # A developer's entry: shown only to roles with `menu.developer` (not to leaders).
    developer: bool = False


MENU: list[tuple[str, list[Item]]] = [
    (
        "总览",
        [
            Item("全市看板", "dashboards:city", "dashboard.city", "speedometer2"),
            Item("本县区看板", "dashboards:county_home", "dashboard.county", "geo-alt"),
            Item("风险预警", "inspections:risks", "inspections.plan", "exclamation-triangle"),
        ],
    ),
    (
        "目标",
        [
            Item("目标看板", "targets:board", None, "bullseye"),
            Item("数据填报", "targets:measurement_list", "targets.enter", "pencil-square"),
            Item("数据审核", "targets:approvals", "targets.approve", "check2-square"),
            Item("重点工作", "targets:task_list", None, "list-task"),
        ],
    ),
    (
        "监督抽查",
        [
            Item("抽查结果", "inspections:result_list", None, "clipboard-check"),
            Item("导入抽查表", "inspections:import", "inspections.import", "upload"),
            Item("抽查计划", "inspections:plan_list", "inspections.plan", "shuffle"),
            Item("工程一次验收", "inspections:acceptance_list", None, "building-check"),
            Item("合格率", "inspections:pass_rates", None, "graph-up"),
        ],
    ),
    (
        "品牌",
        [
            Item("获奖与名牌", "brands:award_list", None, "award"),
            Item("即将到期", "brands:expiring", "brands.manage", "hourglass-split"),
            Item("市长质量奖评审", "brands:round_list", None, "trophy"),
            Item("评审专家", "brands:expert_list", "brands.evaluate", "person-badge"),
            Item("奖项类型", "brands:award_type_list", None, "tags"),
        ],
    ),
    (
        "投诉",
        [
            Item("投诉举报", "complaints:complaint_list", None, "telephone-inbound"),
            Item("超期与临期", "complaints:overdue", None, "alarm"),
            Item("导入热线数据", "complaints:import", "complaints.import", "upload"),
            Item("节假日日历", "complaints:calendar", "complaints.calendar", "calendar3"),
        ],
    ),
    # Issue 18: the policy's measures with data behind them.
    (
        "专项工作",
        [
            Item("年度行动计划", "plans:plan_list", None, "journal-text"),
            Item("行动计划任务", "plans:item_list", None, "list-check"),
            Item("满意度测评", "surveys:survey_list", None, "emoji-smile"),
            Item("专项行动", "campaigns:campaign_list", None, "shield-exclamation"),
            Item("案件查处", "campaigns:case_list", None, "folder2-open"),
        ],
    ),
    (
        "质量信用",
        [
            Item("企业信用评级", "credit:rating_list", None, "shield-check"),
            Item("行政处罚", "credit:penalty_list", None, "hammer"),
            Item("导入行政处罚", "credit:penalty_import", "credit.enter", "upload"),
            Item("严重失信名单", "credit:blacklist_list", None, "slash-circle"),
            Item("评级规则", "credit:rule_list", None, "sliders"),
        ],
    ),
    (
        "考核",
        [
            Item("考核方案", "assessments:scheme_list", None, "journal-check"),
            Item("考核结果", "assessments:result_list", None, "bar-chart-steps"),
            Item("报告下载", "assessments:report_list", "reports.download", "file-earmark-pdf"),
        ],
    ),
    (
        "质量安全",
        [
            Item("质量安全事故", "incidents:incident_list", None, "exclamation-octagon"),
        ],
    ),
    (
        "工程质量信誉",
        [
            Item("质量信誉排行榜", "construction:ranking_list", None, "list-ol"),
            Item("责任主体单位", "construction:unit_list", None, "building"),
            Item("建设工程项目", "construction:project_list", None, "cone-striped"),
            Item("质量保证金", "construction:deposit_list", None, "cash-coin"),
        ],
    ),
    (
        "质量基础",
        [
            Item("标准化", "foundations:standard_list", None, "journal-text"),
            Item("检验检测机构", "foundations:agency_list", None, "eyedropper"),
            Item("强制检定", "foundations:metrology_list", None, "rulers"),
            Item("质量人才", "foundations:staff_list", None, "mortarboard"),
            Item("质量文化活动", "foundations:event_list", None, "megaphone"),
            Item("准入退出", "foundations:exit_list", None, "door-open"),
        ],
    ),
    (
        "基础数据",
        [
            Item("企业", "organizations:enterprise_list", None, "buildings"),
            Item("地区", "organizations:region_list", None, "map"),
            Item("成员单位", "organizations:department_list", None, "people"),
            Item("统计运行", "dashboards:runs", "stats.view_runs", "arrow-repeat", developer=True),
            Item("接口文档", "api-docs", None, "code-square", developer=True),
            Item("后台管理", "admin:index", "admin.site", "gear"),
        ],
    ),
]


def menu_for(user) -> list[dict]:
    sections = []
    for title, items in MENU:
        entries = []
        for item in items:
            if item.capability and not policy.allowed(user, item.capability):
                continue
            if item.developer and not policy.allowed(user, "menu.developer"):
                continue
            entries.append({"label": item.label, "url": reverse(item.url_name), "icon": item.icon})
        if entries:
            sections.append({"title": title, "items": entries})
    return sections
