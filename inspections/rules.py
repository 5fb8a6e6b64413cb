"""The rules every spot-check result keeps, whether typed into the form (`services.result_save`) or read
from a published table (`importing.parse_table`): written once, called by both."""

from __future__ import annotations

import datetime as dt

from inspections.choices import Conclusion


def result_errors(
    *,
    conclusion: str | None,
    failed_items: str,
    not_tested_reason: str,
    production_date: dt.date | None,
    sampled_on: dt.date | None,
    retest_conclusion: str = "",
    retest_on: dt.date | None = None,
) -> dict[str, str]:
    """Field name → reason, for each rule the result breaks; empty when it keeps them all."""
    errors = {}
    if conclusion == Conclusion.FAIL and not failed_items.strip():
        errors["failed_items"] = "结论为不合格时须填写不合格项目。"
    if conclusion == Conclusion.NOT_TESTED and not not_tested_reason.strip():
        errors["not_tested_reason"] = "未检验时请写明原因（如拒检、移送）。"
    if production_date and sampled_on and production_date > sampled_on:
        errors["production_date"] = f"生产日期 {production_date} 晚于抽样日期 {sampled_on}。"
    if retest_conclusion and conclusion == Conclusion.NOT_TESTED:
        errors["retest_conclusion"] = "未检验的样品没有复检结论。"
    if retest_on and not retest_conclusion:
        errors["retest_on"] = "填写复检日期时须填写复检结论。"
    if retest_on and sampled_on and retest_on < sampled_on:
        errors["retest_on"] = f"复检日期 {retest_on} 早于抽样日期 {sampled_on}。"
    return errors
