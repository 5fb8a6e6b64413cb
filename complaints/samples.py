"""A generated hotline export for the import benchmark: every column a hotline system writes, in its words."""

from __future__ import annotations

import datetime as dt
import random

from openpyxl import Workbook

from organizations.models import Enterprise, Region

HEADERS = ["工单编号", "登记时间", "类别", "领域", "三包纠纷", "所属县区", "统一社会信用代码", "被投诉对象"]
HEADERS += ["诉求标题", "诉求内容", "投诉人", "联系电话"]
KINDS = ["投诉", "举报", "咨询"]
DOMAINS = ["产品质量", "工程质量", "服务质量", "食品药品", "产品", "建设工程"]
SUBJECTS = ["屋面漏水", "化肥质量", "电动车电池鼓包", "装修材料异味", "燃气灶熄火", "门窗渗水"]


def build_export(target, rows: int, seed: int = 2016) -> None:
    """A hotline export of `rows` tickets of 2016 (times as text and as dates, counties by name and code)."""
    rng = random.Random(seed)
    counties = list(Region.objects.exclude(kind="city").values_list("name", "code"))
    codes = list(Enterprise.objects.values_list("uscc", "name")[:2000])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("工单")
    sheet.append(HEADERS)
    for index in range(1, rows + 1):
        # Excel cells carry no time zone: hotline systems write local time.
        moment = dt.datetime(2016, 1, 1, 8) + dt.timedelta(  # noqa: DTZ001
            minutes=rng.randrange(360 * 24 * 60)
        )
        name, code = counties[index % len(counties)]
        uscc, enterprise = (
            codes[index % len(codes)] if codes and index % 3 == 0 else ("", f"盘锦某商户{index}")
        )
        sheet.append(
            [
                f"G2016{index:08d}",
                moment if index % 2 else f"{moment:%Y-%m-%d %H:%M}",
                KINDS[index % len(KINDS)],
                DOMAINS[index % len(DOMAINS)],
                "是" if index % 10 == 0 else "否",
                name if index % 4 else code,
                uscc,
                enterprise,
                SUBJECTS[index % len(SUBJECTS)],
                f"来电反映{SUBJECTS[index % len(SUBJECTS)]}，请求处理。编号 {index}",
                f"市民{index % 997}",
                f"139{index:08d}",
            ]
        )
    workbook.save(target)
