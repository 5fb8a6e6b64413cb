"""Where the holiday calendar comes from: the chinese-calendar library for the years it knows, and the State
Council's notice (国务院办公厅关于某年部分节假日安排的通知) as the office enters it, range by range.

A notice line reads like “二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
2月14日（周六）、2月28日（周六）上班。”; `parse_notice` turns such lines (or the same with ISO dates,
“春节 2027-02-06 至 2027-02-13 放假；2027-02-14 上班”) into days, and says which line is wrong and why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib.metadata import version

from chinese_calendar import constants

LIBRARY = f"chinese-calendar {version('chinese-calendar')}"
# The library names holidays in English; the notices in Chinese.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


@dataclass(frozen=True)
class Day:
    date: dt.date
    is_working_day: bool
    name: str


def library_years() -> list[int]:
    """The years chinese-calendar knows (each year it lists a holiday of)."""
    return sorted({day.year for day in constants.holidays})


def library_days(year: int) -> list[Day]:
    """The holidays and make-up working days of a year as chinese-calendar gives them."""
    days = [
        Day(date, False, NAMES.get(name, name))
        for date, name in constants.holidays.items()
        if date.year == year
    ]
    days += [
        Day(date, True, f"{NAMES.get(name, name)}调休上班")
        for date, name in constants.workdays.items()
        if date.year == year
    ]
    return sorted(days, key=lambda day: day.date)


class NoticeError(ValueError):
    """What is wrong with the entered notice, line by line."""

    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


ORDINAL = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*")
ASIDE = re.compile(r"[（(][^）)]*[）)]")
TOTAL = re.compile(r"共\s*\d+\s*天")
DATE = re.compile(
    r"(?P<iso>(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2}))"
    r"|(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日"
)
RANGE = re.compile(r"^\s*(至|到|~|～|—|－)\s*$")
SENTENCE = re.compile(r"[。；;\n]")


def _dates(sentence: str, year: int, line: int) -> list[dt.date]:
    """The dates a sentence names, ranges expanded; months and years carry over from the previous date."""
    found: list[dt.date] = []
    previous: dt.date | None = None
    end_of_last = 0
    for match in DATE.finditer(sentence):
        if match["iso"]:
            y, m, d = int(match["iy"]), int(match["im"]), int(match["id"])
        else:
            m = int(match["m"]) if match["m"] else (previous.month if previous else 0)
            y = int(match["y"]) if match["y"] else (previous.year if previous else year)
            d = int(match["d"])
            if not m:
                raise NoticeError([f"第 {line} 行：“{match.group(0)}”没有写月份"])
            if previous and not match["y"] and m < previous.month:
                y += 1  # 12月31日至1月2日: the range runs into the next year
            elif not previous and not match["y"] and m == 12:
                y = (
                    year - 1
                )  # a year's notice names December only for 元旦 reaching back into the year before
        try:
            date = dt.date(y, m, d)
        except ValueError:
            raise NoticeError([f"第 {line} 行：{y} 年 {m} 月 {d} 日不存在"]) from None
        if previous and RANGE.match(sentence[end_of_last : match.start()]):
            if date < previous:
                raise NoticeError(
                    [f"第 {line} 行：区间 {previous:%m月%d日} 至 {date:%m月%d日} 的终点早于起点"]
                )
            day = previous
            while day < date:
                day += dt.timedelta(days=1)
                found.append(day)
        else:
            found.append(date)
        previous, end_of_last = date, match.end()
    return found


def parse_notice(text: str, year: int) -> list[Day]:
    """The days a notice's lines set: each holiday range as days off, each named weekend day as a working day.

    Raises NoticeError listing every wrong line: no holiday name, a sentence that neither 放假 nor 上班,
    a date that does not exist or lies outside the year (元旦 may reach back into December), a make-up working
    day that is not a weekend, one day given two ways.
    """
    days: dict[dt.date, Day] = {}
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = TOTAL.sub("", ASIDE.sub("", ORDINAL.sub("", raw))).strip()
        if not line:
            continue
        labelled = re.match(r"^([^：:\d]+)[：:]\s*(.*)$", line)
        if labelled:
            name, rest = labelled.groups()
        else:  # “春节 2027-02-06 至 2027-02-13 放假”
            head = re.match(r"^([^\d\s]+)\s*", line)
            name, rest = (head.group(1), line[head.end() :]) if head else ("", line)
        name = name.strip()
        if not name:
            errors.append(f"第 {number} 行：没有节日名称（应写作“春节：2月15日至23日放假……”）")
            continue
        try:
            for sentence in SENTENCE.split(rest):
                if not DATE.search(sentence):
                    continue
                working = "上班" in sentence
                if not working and "放假" not in sentence and "休" not in sentence:
                    errors.append(f"第 {number} 行：“{sentence.strip()}”没有说放假还是上班")
                    continue
                for date in _dates(sentence, year, number):
                    if not (dt.date(year - 1, 12, 1) <= date <= dt.date(year, 12, 31)):
                        errors.append(f"第 {number} 行：{date:%Y-%m-%d} 不在 {year} 年")
                        continue
                    if working and date.weekday() < 5:
                        errors.append(
                            f"第 {number} 行：{date:%Y-%m-%d} 是周一至周五，本来就上班，不是调休上班日"
                        )
                        continue
                    day = Day(date, working, f"{name}调休上班" if working else name)
                    if date in days and days[date].is_working_day != working:
                        errors.append(f"第 {number} 行：{date:%Y-%m-%d} 既放假又上班")
                        continue
                    days[date] = day
        except NoticeError as exc:
            errors += exc.errors
    if errors:
        raise NoticeError(errors)
    if not days:
        raise NoticeError(
            ["没有找到任何日期：请按通知逐条录入，例如“春节：2月15日至23日放假。2月14日上班。”"]
        )
    return sorted(days.values(), key=lambda day: day.date)


def notice_from_days(days: list[Day]) -> str:
    """A year's days written back as notice lines (ranges of consecutive days), for the entry form."""
    lines: dict[str, list[str]] = {}
    off = [day for day in days if not day.is_working_day]
    runs: list[list[Day]] = []
    for day in off:
        if runs and runs[-1][-1].name == day.name and day.date - runs[-1][-1].date == dt.timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    for run in runs:
        first, last = run[0].date, run[-1].date
        text = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} 至 {last:%Y-%m-%d}"
        lines.setdefault(run[0].name, []).append(f"{text} 放假")
    for day in days:
        if day.is_working_day:
            name = day.name.removesuffix("调休上班") or "调休"
            lines.setdefault(name, []).append(f"{day.date:%Y-%m-%d} 上班")
    return "\n".join(f"{name}：{'；'.join(parts)}。" for name, parts in lines.items())
