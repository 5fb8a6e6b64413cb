"""What every Excel import shares: finding columns by their header text, and the row error it reports.

Bureaus and hotline systems name the same column many ways (“受检单位名称”, “受检单位　名称”, “被抽样单位”);
each importer declares its fields with the header texts it knows, in order of preference, and reads the
sheet's header row through one `HeaderMap`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

_HEADER_NOISE = re.compile(r"[\s/\\、·:：*＊_\-]|[(（][^)）]*[)）]")


def header_key(text) -> str:
    """A header as a key: NFKC, no spaces, line breaks, slashes or bracketed remarks."""
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", str(text)))


class HeaderMap:
    """Field names and the header texts that name them; the first text is the one an import template uses."""

    def __init__(self, aliases: dict[str, tuple[str, ...]]) -> None:
        self.aliases = aliases
        # header key → (field, rank of the alias in its field's list: lower is preferred)
        self._keys: dict[str, tuple[str, int]] = {}
        for name, texts in aliases.items():
            for rank, text in enumerate(texts):
                self._keys.setdefault(header_key(text), (name, rank))

    def field_of(self, text) -> str | None:
        """The field a header names, or None."""
        if text in ("", None):
            return None
        found = self._keys.get(header_key(text))
        return found[0] if found else None

    def columns(self, header_row: list) -> dict[str, int]:
        """Field → column index for one header row; where two columns name a field, the preferred name wins."""
        best: dict[str, tuple[int, int]] = {}
        for index, text in enumerate(header_row):
            if text in ("", None):
                continue
            found = self._keys.get(header_key(text))
            if found is None:
                continue
            name, rank = found
            if name not in best or rank < best[name][0]:
                best[name] = (rank, index)
        return {name: index for name, (rank, index) in sorted(best.items(), key=lambda item: item[1][1])}

    def template_headers(self) -> list[str]:
        return [texts[0] for texts in self.aliases.values()]


@dataclass(frozen=True)
class RowError:
    """One reason an input row (or, with row 0, the file) was refused, shown as “第 N 行 · 列 · 原因”."""

    row: int
    field: str
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        return f"{where} · {self.field} · {self.reason}" if self.field else f"{where} · {self.reason}"
