"""The 双公示 export: published penalties and blacklist entries in the columns of the national data standard
for 信用中国 / 信用辽宁 (行政处罚 as 信用中国 publishes them; the 严重失信主体名单 beside them).

Only published records go out, read through the user's scope. The deciding department is both the 处罚机关
and the 数据来源单位 (it reports its own decisions); amounts are in 万元, as the standard writes them.
"""

from __future__ import annotations

from collections.abc import Iterator

from credit.models import BlacklistEntry, Penalty

PENALTY_HEADERS = [
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "法定代表人",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
]
BLACKLIST_HEADERS = [
    "主体名称",
    "统一社会信用代码",
    "法定代表人",
    "列入严重失信主体名单事由",
    "认定文书号",
    "认定部门",
    "列入日期",
    "移出日期",
    "信用修复文书号",
    "信用修复理由",
    "公示日期",
    "数据来源单位",
    "备注",
]


def penalty_rows(user) -> Iterator[list]:
    rows = (
        Penalty.objects.for_user(user)
        .filter(published=True)
        .select_related("enterprise", "department")
        .order_by("decided_on", "decision_number")
    )
    for p in rows.iterator(chunk_size=2000):
        yield [
            p.enterprise.name,
            p.get_subject_kind_display(),
            p.enterprise.uscc,
            p.legal_representative,
            p.decision_number,
            p.cause,
            p.facts,
            p.basis,
            p.get_category_display(),
            p.content,
            p.fine,
            p.confiscated,
            p.decided_on,
            p.valid_until,
            p.publish_until,
            p.department.name,
            p.authority_uscc,
            p.department.name,
            p.authority_uscc,
            p.notes,
        ]


def blacklist_rows(user) -> Iterator[list]:
    rows = (
        BlacklistEntry.objects.for_user(user)
        .filter(published=True)
        .select_related("enterprise", "department")
        .order_by("listed_on", "pk")
    )
    for b in rows.iterator(chunk_size=2000):
        yield [
            b.enterprise.name,
            b.enterprise.uscc,
            b.legal_representative,
            b.reason,
            b.document,
            b.department.name,
            b.listed_on,
            b.removed_on,
            b.repair_document,
            b.repair_reason,
            b.published_on,
            b.department.name,
            b.notes,
        ]


def sheets(user) -> list[tuple[str, list[str], Iterator[list]]]:
    return [
        ("行政处罚", PENALTY_HEADERS, penalty_rows(user)),
        ("严重失信主体名单", BLACKLIST_HEADERS, blacklist_rows(user)),
    ]
