"""Demo credit records: penalties decided by 质监局, 工商局 and 食药监局 against enterprises whose products failed
spot checks (2014–2017, most of them published), and the blacklist — one enterprise still on it, one repaired."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models.functions import Coalesce

from core.registry import DemoContext, demo_loader
from credit import services
from credit.choices import PenaltyCategory
from credit.models import BlacklistEntry, Penalty
from inspections.choices import Conclusion
from inspections.models import SpotCheckResult
from organizations.models import Department, Enterprise
from organizations.uscc import make_org_code, make_uscc

# (department, cause, basis, category, content, fine in 万元, confiscated in 万元)
CASES = [
    (
        "zjj",
        "生产销售不合格产品",
        "《中华人民共和国产品质量法》第四十九条",
        PenaltyCategory.FINE,
        "责令停止生产、销售不合格产品，没收违法生产、销售的产品，并处罚款",
        Decimal("3.5"),
        Decimal("0.82"),
    ),
    (
        "zjj",
        "产品标识不符合规定",
        "《中华人民共和国产品质量法》第五十四条",
        PenaltyCategory.WARNING,
        "责令改正，予以警告",
        Decimal("0"),
        Decimal("0"),
    ),
    (
        "gsj",
        "销售不合格产品",
        "《中华人民共和国产品质量法》第五十条",
        PenaltyCategory.CONFISCATE_GAINS,
        "没收违法所得，并处违法销售产品货值金额一倍的罚款",
        Decimal("1.2"),
        Decimal("0.36"),
    ),
    (
        "syj",
        "生产经营不符合食品安全标准的食品",
        "《中华人民共和国食品安全法》第一百二十四条第一款",
        PenaltyCategory.FINE,
        "没收违法所得和违法生产经营的食品，并处罚款",
        Decimal("12"),
        Decimal("2.4"),
    ),
    (
        "zjj",
        "以不合格产品冒充合格产品，情节严重",
        "《中华人民共和国产品质量法》第五十条",
        PenaltyCategory.REVOKE_LICENCE,
        "责令停止生产，没收违法产品，罚款，吊销工业产品生产许可证",
        Decimal("8"),
        Decimal("4.1"),
    ),
]
FACTS = "经{agency}监督抽查，该企业{year}年生产的{product}检验结论为不合格，不合格项目为{items}。"


def _authority_uscc(department: Department) -> str:
    """A synthetic 机关 credit code (登记管理部门 1, 机关 1, 盘锦 211100) for a member unit."""
    return make_uscc("11211100" + make_org_code(f"{4000 + department.pk:08d}"))


@demo_loader("credit.records", order=60)
def load_credit(ctx: DemoContext) -> str:
    if Penalty.objects.exists():
        return f"{Penalty.objects.count()} penalties already present"
    departments = {d.code: d for d in Department.objects.filter(code__in={case[0] for case in CASES})}
    failed = (
        SpotCheckResult.objects.filter(counted=Conclusion.FAIL)
        .annotate(holder=Coalesce("producer_id", "sampled_unit_id"))
        .filter(holder__isnull=False)
        .order_by("sampled_on", "pk")
        .values("holder", "sampled_on", "product_name", "failed_items", "agency")
    )
    # One penalty per enterprise, for its first failed sample, a month or two after it.
    seen: set[int] = set()
    picked = []
    for row in failed:
        if row["holder"] not in seen:
            seen.add(row["holder"])
            picked.append(row)
    picked = picked[:12]
    enterprises = Enterprise.objects.in_bulk([row["holder"] for row in picked])
    made = []
    with transaction.atomic():
        for index, row in enumerate(picked):
            department_code, cause, basis, category, content, fine, confiscated = CASES[index % len(CASES)]
            department = departments[department_code]
            enterprise = enterprises[row["holder"]]
            decided_on = row["sampled_on"] + dt.timedelta(days=35 + 7 * (index % 5))
            published = index % 4 != 3  # a few not yet published
            made.append(
                services.penalty_save(
                    penalty=Penalty(
                        decision_number=f"盘{department.short_name[:2]}罚字〔{decided_on.year}〕{101 + index}号",
                        enterprise=enterprise,
                        legal_representative=ctx.random.choice(
                            ["王立新", "李春梅", "张国栋", "刘海燕", "陈建华"]
                        ),
                        department=department,
                        authority_uscc=_authority_uscc(department),
                        cause=cause,
                        facts=FACTS.format(
                            agency=row["agency"] or "盘锦市产品质量监督检验所",
                            year=row["sampled_on"].year,
                            product=row["product_name"],
                            items=row["failed_items"] or "标识",
                        ),
                        basis=basis,
                        category=category,
                        content=content,
                        fine=fine,
                        confiscated=confiscated,
                        decided_on=decided_on,
                        valid_until=decided_on + dt.timedelta(days=365),
                        publish_until=decided_on + dt.timedelta(days=3 * 365),
                        published=published,
                        published_on=decided_on + dt.timedelta(days=7) if published else None,
                    )
                )
            )
        listed = _blacklist(made, departments["zjj"])
    return f"{len(made)} penalties, {listed} blacklist entries"


def _blacklist(penalties: list[Penalty], department: Department) -> int:
    """The enterprise whose licence was revoked goes on the list; an earlier one was listed and repaired."""
    serious = [p for p in penalties if p.category == PenaltyCategory.REVOKE_LICENCE]
    entries = 0
    for index, penalty in enumerate(serious[:2]):
        listed_on = penalty.decided_on + dt.timedelta(days=10)
        entry = BlacklistEntry(
            enterprise=penalty.enterprise,
            legal_representative=penalty.legal_representative,
            department=department,
            listed_on=listed_on,
            reason=f"{penalty.cause}，已被吊销许可证件（{penalty.decision_number}）",
            document=f"盘质监信字〔{listed_on.year}〕{11 + index}号",
            published=True,
            published_on=listed_on + dt.timedelta(days=5),
        )
        services.blacklist_save(entry=entry)
        entries += 1
        if index == 0 and len(serious) > 1:
            repaired = listed_on + dt.timedelta(days=400)
            services.blacklist_remove(
                entry=entry,
                removed_on=repaired,
                document=f"盘质监信复字〔{repaired.year}〕3号",
                reason="企业已完成整改，经复查产品抽检合格，公示期满无新的失信行为，准予信用修复。",
            )
    return entries
