"""Demo complaints: five years on the four hotlines, in every state, with some overdue and some due soon.

Small: a few hundred complaints with their full lifecycle and history. Large: 200,000 complaints inserted
in batches, recorded as one synthetic import batch instead of 200,000 history and lifecycle rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cache, lru_cache

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from complaints import services, workdays
from complaints.choices import Domain, Kind, Outcome, Satisfaction, Status, VisitWay
from complaints.models import Complaint, Hotline, Transition
from complaints.resources import IMPORT_JOB
from core.bulk import insert_synthetic
from core.models import Job, JobStatus
from core.registry import DemoContext, demo_loader
from core.stats import vacuum_analyze
from organizations.models import Department, Enterprise, Region

SMALL, LARGE = 400, 200_000
RECENT = 40  # complaints of the last three weeks: what the overdue and due-soon lists show today
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志海波宁鑫"
# (hotline, domain, weight): which hotline hears which kind of trouble.
MIX = [
    ("12365", Domain.PRODUCT, 30),
    ("12365", Domain.ENGINEERING, 14),
    ("12315", Domain.SERVICE, 22),
    ("12315", Domain.PRODUCT, 12),
    ("12315", Domain.ENGINEERING, 4),
    ("96151", Domain.FOOD, 8),
    ("12331", Domain.FOOD, 10),
]
HANDLERS = {
    Domain.PRODUCT: "zjj",
    Domain.ENGINEERING: "zjw",
    Domain.SERVICE: "fwyw",
    Domain.FOOD: "syj",
}
# What callers complain about in each domain, with the industries (organizations/demo.py) of the firms such a
# complaint may name; a subject no demo industry makes (快递, 健身卡) names no enterprise.
SUBJECTS = {
    Domain.PRODUCT: [
        ("电动车电池鼓包", ("装备制造",)),
        ("热水器漏电", ("装备制造",)),
        ("燃气灶点火故障", ("装备制造",)),
        ("化肥有效成分不足", ("石油化工", "农业种植")),
        ("防水卷材开裂", ("防水材料",)),
        ("电线电缆线径不足", ("电线电缆",)),
        ("塑料管材爆裂", ("塑料制品",)),
        ("瓷砖尺寸偏差大", ("建材",)),
    ],
    Domain.ENGINEERING: [
        ("新房墙体开裂", ()),
        ("屋面渗漏", ()),
        ("地暖不热", ()),
        ("外墙保温层脱落", ()),
        ("地下室返潮积水", ()),
        ("门窗密封不严", ()),
    ],
    Domain.SERVICE: [
        ("物业收费不明", ("物业服务",)),
        ("快递丢件拒赔", ()),
        ("旅游团强制购物", ("旅游服务",)),
        ("装修公司拖延工期", ("建筑施工",)),
        ("健身卡退费难", ()),
        ("酒店预订不符", ("餐饮住宿",)),
    ],
    Domain.FOOD: [
        ("大米霉变", ("稻米加工",)),
        ("河蟹来源不明", ("水产养殖",)),
        ("过期食品在售", ("食品制造",)),
        ("餐馆卫生差", ("餐饮住宿",)),
        ("保健品虚假宣传", ("食品制造",)),
        ("药店无处方售药", ()),
    ],
}
# Engineering complaints fall year on year, as the policy asks; the other domains grow a little.
YEAR_WEIGHT = {2013: 1.0, 2014: 1.05, 2015: 1.1, 2016: 1.15, 2017: 1.2}
ENGINEERING_TREND = {2013: 1.3, 2014: 1.15, 2015: 1.0, 2016: 0.85, 2017: 0.7}


@cache
def _exceptions() -> dict:
    return workdays.calendar_exceptions(dt.date(2012, 1, 1), dt.date(2028, 12, 31))


@lru_cache(maxsize=20000)
def _due(start: dt.date, days: int, working: bool) -> dt.date:
    return workdays.add_days(start, days, working=working, exceptions=_exceptions())


def _moment(day: dt.date, rng) -> dt.datetime:
    zone = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=zone)


def _person(rng) -> tuple[str, str]:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    return name, f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"


class Builder:
    """Makes complaints with a coherent lifecycle (times, deadlines, handlers) without a query per row."""

    def __init__(self, ctx: DemoContext):
        self.rng = ctx.random
        self.hotlines = {h.code: h for h in Hotline.objects.all()}
        self.limits = services.limit_table()
        self.departments = {
            d.code: d for d in Department.objects.filter(code__in=[*HANDLERS.values(), "gsj"])
        }
        self.regions = list(Region.objects.counties())
        self.old_dawa = Region.objects.filter(code="211121").first()
        by_industry: dict[str, list[tuple[int, str]]] = defaultdict(list)
        # Associations (社会团体, credit codes starting 5) hold brands but sell nothing to complain about.
        firms = Enterprise.objects.exclude(uscc__startswith="5").values_list("pk", "name", "industry")
        for pk, name, industry in firms[:2000]:
            by_industry[industry].append((pk, name))
        # Per subject, the firms it may name: the enterprises of its industries.
        self.subjects = {
            domain: [
                (subject, [e for industry in industries for e in by_industry[industry]])
                for subject, industries in subjects
            ]
            for domain, subjects in SUBJECTS.items()
        }
        users = ctx.shared.get("users", {})
        self.office = users.get("office")
        self.dept_users = {code: users.get(f"dept-{code}") for code in [*HANDLERS.values(), "gsj"]}
        weights = []
        for year in ctx.years:
            for code, domain, weight in MIX:
                trend = ENGINEERING_TREND[year] if domain == Domain.ENGINEERING else YEAR_WEIGHT[year]
                weights.append(((year, code, domain), weight * trend))
        self.choices, self.weights = zip(*weights, strict=True)

    def complaint(self, number: str, received: dt.date, code: str, domain: str, state: str) -> tuple:
        """A complaint's field values in `state`, and the lifecycle steps that brought it there: [(status, at, user, note)]."""
        rng = self.rng
        hotline = self.hotlines[code]
        region = rng.choice(self.regions)
        if region.code == "211104" and received.year < 2016 and self.old_dawa:
            region = self.old_dawa
        name, phone = _person(rng)
        subject, firms = rng.choice(self.subjects[domain])
        enterprise = rng.choice(firms) if firms else None
        linked = enterprise is not None and rng.random() < 0.6
        c = dict(
            number=number,
            hotline_id=hotline.code,
            received_at=_moment(received, rng),
            kind=rng.choices(Kind.values, weights=[70, 18, 12])[0],
            domain=domain,
            is_sanbao=domain == Domain.PRODUCT and rng.random() < 0.25,
            region_id=region.pk,
            # Six in ten name an enterprise of the register; the rest only as the caller named it.
            enterprise_id=enterprise[0] if linked else None,
            enterprise_name=enterprise[1] if enterprise and not linked else "",
            subject=subject,
            description="来电人反映的问题，已记录详细情况。",
            complainant_name=name,
            complainant_phone=phone,
            status=Status.RECEIVED,
            department_id=hotline.department_id,
        )
        limit = services.limit_for(hotline_id=hotline.code, received_on=received, table=self.limits)
        c["accept_due"] = c["due_on"] = _due(received, limit.accept_days, limit.accept_working_days)
        steps = [(Status.RECEIVED, c["received_at"], None, "")]
        order = [Status.ACCEPTED, Status.ASSIGNED, Status.HANDLED, Status.CLOSED]
        if state == Status.REJECTED:
            c["status"], c["due_on"] = Status.REJECTED, None
            c["decided_at"] = c["received_at"] + dt.timedelta(days=1)
            c["reject_reason"] = rng.choice(
                ["不属于本部门职责，已告知向相关部门反映", "重复投诉", "诉求不明确且无法联系"]
            )
            steps.append(
                (
                    Status.REJECTED,
                    c["received_at"] + dt.timedelta(days=1),
                    self.office,
                    c["reject_reason"],
                )
            )
            return c, steps
        moment = c["received_at"]
        handler = HANDLERS[domain] if code != "12315" or rng.random() < 0.5 else "gsj"
        for status in order[: order.index(state) + 1] if state != Status.RECEIVED else []:
            if status == Status.ACCEPTED:
                moment += dt.timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 5))
                c["accepted_at"] = c["decided_at"] = moment
                c["handle_due"] = c["due_on"] = _due(
                    moment.date(),
                    limit.handle_days,
                    limit.handle_working_days,  # moment is local time
                )
                steps.append((status, moment, self.office, ""))
            elif status == Status.ASSIGNED:
                moment += dt.timedelta(hours=rng.randint(2, 30))
                c["department_id"], c["assigned_at"] = self.departments[handler].pk, moment
                steps.append(
                    (
                        status,
                        moment,
                        self.office,
                        f"交办{self.departments[handler].short_name}（{region.name}）",
                    )
                )
            elif status == Status.HANDLED:
                # Most are handled in time; about one in twelve runs late.
                days = rng.randint(3, 55) if rng.random() > 0.08 else rng.randint(95, 130)
                moment += dt.timedelta(days=days)
                c["handled_at"], c["due_on"] = moment, None
                c["outcome"] = rng.choices(Outcome.values, weights=[55, 25, 12, 8])[0]
                c["handling_note"] = "已核实并处理，结果已告知投诉人。"
                steps.append((status, moment, self.dept_users.get(handler), c["handling_note"]))
            elif status == Status.CLOSED:
                moment += dt.timedelta(days=rng.randint(1, 7))
                c["closed_at"] = moment
                c["visited_on"] = (moment + dt.timedelta(days=rng.randint(1, 5))).date()
                c["visit_way"] = rng.choices(VisitWay.values, weights=[80, 10, 5, 5])[0]
                c["satisfaction"] = rng.choices(Satisfaction.values, weights=[70, 18, 7, 5])[0]
                steps.append((status, moment, self.office, ""))
            c["status"] = status
        return c, steps

    def historical(self, index: int, prefix: str) -> tuple:
        year, code, domain = self.rng.choices(self.choices, weights=self.weights)[0]
        received = dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
        state = self.rng.choices(
            [
                Status.CLOSED,
                Status.HANDLED,
                Status.REJECTED,
                Status.ASSIGNED,
                Status.ACCEPTED,
                Status.RECEIVED,
            ],
            weights=[86, 3, 5, 3, 2, 1],
        )[0]
        return self.complaint(f"{prefix}{year}{index:07d}", received, code, domain, state)

    def recent(self, index: int, today: dt.date) -> tuple:
        _, code, domain = self.rng.choices(self.choices, weights=self.weights)[0]
        received = today - dt.timedelta(days=self.rng.randint(0, 20))
        state = self.rng.choice(
            [Status.RECEIVED, Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED, Status.HANDLED]
        )
        return self.complaint(f"R{today:%Y}{index:07d}", received, code, domain, state)


def _save_with_lifecycle(pairs: list[tuple]) -> None:
    complaints = bulk_create_with_history([Complaint(**c) for c, _ in pairs], Complaint, batch_size=1000)
    transitions = [
        Transition(
            complaint=complaint, from_status=previous[0], to_status=status, user=user, at=at, note=note
        )
        for complaint, (_, steps) in zip(complaints, pairs, strict=True)
        for previous, (status, at, user, note) in zip([("",), *steps], steps, strict=False)
    ]
    bulk_create_with_history(transitions, Transition, batch_size=2000)


@demo_loader("complaints.complaints", order=50)
def load_complaints(ctx: DemoContext) -> str:
    wanted = LARGE if ctx.large else SMALL
    have = Complaint.objects.count()
    if have >= wanted:
        return f"{have} complaints already present"
    builder = Builder(ctx)
    if not ctx.large:
        today = timezone.localdate()
        pairs = [builder.historical(i, "D") for i in range(wanted - RECENT)]
        pairs += [builder.recent(i, today) for i in range(RECENT)]
        _save_with_lifecycle(pairs)
        return f"{len(pairs)} complaints with their lifecycle"
    batch = Job.objects.create(
        kind=IMPORT_JOB,
        name="演示数据（合成，大规模）",
        params={"hotline": "12365"},
        status=JobStatus.SUCCEEDED,
        finished_at=timezone.now(),
    )
    stamp = {"import_batch_id": batch.pk, "created_at": timezone.now()}
    made = 0
    while made < wanted - have:
        size = min(20000, wanted - have - made)
        insert_synthetic(
            Complaint, [{**builder.historical(have + made + i, "L")[0], **stamp} for i in range(size)]
        )
        made += size
    batch.summary = {"rows": made, "created": made, "skipped": 0}
    batch.save(update_fields=["summary"])
    vacuum_analyze(Complaint)
    return f"{made} complaints (one synthetic import batch, no per-row history)"


@demo_loader("complaints.county_orders", order=51)
def assign_to_counties(ctx: DemoContext) -> str:
    """Two recent open orders of each county handed to its government to handle in the portal (交办县区), so a
    county's to-do and its action panel have work: some already overdue, some due within days."""
    if Complaint.objects.filter(assigned_region__isnull=False).exists():
        return "county orders already present"
    office = ctx.shared["users"]["office"]
    assigned = 0
    for region in Region.objects.counties():
        waiting = Complaint.objects.filter(region=region, status=Status.ACCEPTED).order_by("due_on", "pk")[:2]
        for complaint in waiting:
            services.complaint_transition(
                complaint=complaint, to=Status.ASSIGNED, user=office, assigned_region=region
            )
            assigned += 1
    return f"{assigned} orders assigned to counties"
