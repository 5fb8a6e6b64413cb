"""Counties and zones as imported tables write them: a code, a name, a short name, or an address.

Also what a provincial or national table says of a place outside the city (沈阳市…, 北京…), so such rows can be
set aside with their reason rather than refused, and the change of 大洼县 (211121) into 大洼区 (211104) by
国函〔2016〕53号: a date decides which of the two a row's text means.
"""

from __future__ import annotations

import datetime as dt
import re

from organizations.models import Region

CITY = "盘锦"
# The other prefecture-level cities of the province, and the other provinces, as addresses begin.
LIAONING_CITIES = (
    "沈阳",
    "大连",
    "鞍山",
    "抚顺",
    "本溪",
    "丹东",
    "锦州",
    "营口",
    "阜新",
    "辽阳",
    "铁岭",
    "朝阳",
    "葫芦岛",
)
PROVINCES = (
    "北京", "天津", "河北", "山西", "内蒙古", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西",
    "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西",
    "甘肃", "青海", "宁夏", "新疆", "台湾", "香港", "澳门",
)  # fmt: skip
# A name counts as a place with its suffix (沈阳市, 河北省), or alone at the start of the text (沈阳某超市):
# a street named after another city (兴隆台区北京路) does not.
_ELSEWHERE = re.compile(
    "(?:"
    + "|".join(
        f"{name}(?:市|省|自治区|维吾尔自治区|回族自治区|壮族自治区|特别行政区)"
        for name in (*PROVINCES, *LIAONING_CITIES)
    )
    + ")|^(?:"
    + "|".join((*PROVINCES, *LIAONING_CITIES))
    + ")"
)
# Suffixes a short name drops: 兴隆台区 → 兴隆台, 辽河口生态经济区 → 辽河口, 辽东湾新区 → 辽东湾.
_SUFFIXES = ("生态经济区", "新区", "区", "县")


class RegionNames:
    """Every county and zone of the city, loaded once, found in a cell's text (an import reads it per row)."""

    def __init__(self) -> None:
        counties = list(
            Region.objects.exclude(kind="city").values_list(
                "pk", "code", "name", "successor_id", "valid_from", "valid_until"
            )
        )
        self.city_id = (
            Region.objects.filter(kind="city", valid_until__isnull=True).values_list("pk", flat=True).first()
        )
        self.codes = {code: pk for pk, code, *_ in counties}
        # A region replaced by another (大洼县 → 大洼区): (the day the change took effect, the successor).
        self.replaced = {
            pk: (until, successor) for pk, _, _, successor, _, until in counties if successor and until
        }
        self.replaces = {successor: (until, pk) for pk, (until, successor) in self.replaced.items()}
        names: set[tuple[str, int]] = set()
        for pk, _, name, successor_id, _, _ in counties:
            names.add((name, pk))
            for suffix in _SUFFIXES:
                short = name.removesuffix(suffix)
                if short != name:
                    if len(short) >= 2:
                        # 大洼 alone means the current district, never the old county (unless a date says so).
                        names.add((short, successor_id or pk))
                    break
        # Longest first, so 大洼县 wins over 大洼 and 辽河口生态经济区 over 辽河口.
        self.names = sorted(names, key=lambda item: -len(item[0]))

    def _county(self, text: str) -> tuple[int, int] | None:
        """(position, region) of the first county name in the text, the longest name at that position."""
        best: tuple[int, int] | None = None
        for name, pk in self.names:
            at = text.find(name)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, pk)
        return best

    def as_of(self, pk: int, on: dt.date | None) -> int:
        """The region a name meant on a date: 大洼县 written after the change is 大洼区, 大洼区 before it 大洼县."""
        if on is None:
            return pk
        if pk in self.replaced and on >= self.replaced[pk][0]:
            return self.replaced[pk][1]
        if pk in self.replaces and on < self.replaces[pk][0]:
            return self.replaces[pk][1]
        return pk

    def find(self, text: str, on: dt.date | None = None) -> int | None:
        """The region a code (211122), a name (盘山县, 盘山) or an address (辽宁省盘锦市兴隆台区…) names; None: none
        of ours, or a place outside the city named first (天津市蓟州区盘山…)."""
        text = text.replace("辽宁省", "").replace(" ", "").replace("\u3000", "")
        if text in self.codes:
            return self.as_of(self.codes[text], on)
        found = self._county(text)
        if found is None:
            return None
        before = text[
            : found[0]
        ]  # usually 盘锦市 or nothing: the only place another city could be named first
        if before and CITY not in before and _ELSEWHERE.search(before):
            return None
        return self.as_of(found[1], on)

    def elsewhere(self, text: str) -> str | None:
        """The place outside the city a text names before any county of ours (沈阳市…, 北京…); None otherwise."""
        text = text.replace(" ", "").replace("\u3000", "")
        if CITY in text:
            return None
        outside = _ELSEWHERE.search(text)
        if outside is None:
            return None
        found = self._county(text)
        if found is not None and found[0] < outside.start():
            return None
        return outside.group(0)
