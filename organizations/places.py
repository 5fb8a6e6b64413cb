"""Counties and zones as imported tables write them: a code, a name, a short name, or an address."""

from __future__ import annotations

from organizations.models import Region


class RegionNames:
    """Every county and zone of the city, loaded once, found in a cell's text (an import reads it per row)."""

    def __init__(self) -> None:
        counties = list(Region.objects.exclude(kind="city").values_list("pk", "code", "name", "successor_id"))
        self.codes = {code: pk for pk, code, _, _ in counties}
        names: set[tuple[str, int]] = set()
        for pk, _, name, successor_id in counties:
            names.add((name, pk))
            short = name.removesuffix("区").removesuffix("县")
            if len(short) >= 2 and short != name:
                # 大洼 alone means the current district, never the old county.
                names.add((short, successor_id or pk))
        # Longest first, so 大洼县 wins over 大洼 and 辽河口生态经济区 over 辽河口.
        self.names = sorted(names, key=lambda item: -len(item[0]))

    def find(self, text: str) -> int | None:
        """The region a code (211122), a name (盘山县, 盘山) or an address (辽宁省盘锦市兴隆台区…) names; None: none of ours."""
        text = text.replace("辽宁省", "").replace(" ", "")
        if text in self.codes:
            return self.codes[text]
        for name, pk in self.names:
            if name in text:
                return pk
        return None
