"""What every Excel import shares: finding columns by their header text, and the row error it reports.

Bureaus and hotline systems name the same column many ways (“受检单位名称”, “受检单位　名称”, “被抽样单位”);
each importer declares its fields with the header texts it knows, in order of preference, and reads the
sheet's header row through one `HeaderMap`. Published tables put a title and a publisher above the header,
merge cells, and split a header over two rows (“被抽样单位” over “名称 | 地址”): `fill_merged` and
`find_header` read them as the user sees them.
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

    def knows(self, text) -> bool:
        return header_key(text) in self._keys


def cell_text(value) -> str:
    """A header cell as one line: line breaks and full-width spaces collapsed, numbers without a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def fill_merged(rows: list[list], merged: list) -> list[list]:
    """Give every cell of a merged range its top-left value, as the user sees it (in place; returns `rows`).

    A blank row stays blank even where a merged cell (a testing agency merged down the table) spans it.
    """
    blank = {i for i, row in enumerate(rows) if all(v == "" or v is None for v in row)}
    for (top, left), (bottom, right) in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            if r in blank:
                continue
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                row[c] = value
    return rows


@dataclass(frozen=True)
class Header:
    """Where a sheet's header is: its first and last row (0-based; two rows apart for a two-row header), the
    header text of every column (a two-row header's parts joined: “被抽样单位” + “名称”) and field → column."""

    first: int
    last: int
    texts: list[str]
    columns: dict[str, int]


def _joined(headers: HeaderMap, upper: list, lower: list) -> list[str]:
    """Two header rows read as one: a group cell over its parts (“被抽样单位” / “名称”), or a cell merged down both."""
    texts = []
    for index in range(max(len(upper), len(lower))):
        top = cell_text(upper[index]) if index < len(upper) else ""
        bottom = cell_text(lower[index]) if index < len(lower) else ""
        if not bottom or top == bottom:
            texts.append(top)
        elif not top:
            texts.append(bottom)
        elif headers.knows(top + bottom) or not (headers.knows(bottom) or headers.knows(top)):
            texts.append(top + bottom)
        else:
            texts.append(bottom if headers.knows(bottom) else top)
    return texts


def find_header(rows: list[list], headers: HeaderMap, *, scan: int = 30) -> Header | None:
    """The header among the first `scan` rows: the row, or pair of rows, that names the most known fields.

    A pair wins only when it names more than either row alone, so a title above a header or the first data
    row below it is never taken for part of the header. None when no row names any field.
    """
    candidates = []
    for index, row in enumerate(rows[:scan]):
        texts = [cell_text(v) for v in row]
        candidates.append(Header(index, index, texts, headers.columns(texts)))
        if index + 1 < len(rows):
            joined = _joined(headers, row, rows[index + 1])
            candidates.append(Header(index, index + 1, joined, headers.columns(joined)))
    # Most fields; then one row over two (a title merged above the header adds nothing); then the earliest.
    best = max(candidates, key=lambda h: (len(h.columns), h.first == h.last, -h.first), default=None)
    return best if best is not None and best.columns else None


@dataclass(frozen=True)
class RowError:
    """One reason an input row (or, with row 0, the file) was refused, shown as “第 N 行 · 列 · 原因”."""

    row: int
    field: str
    reason: str
    # The sheet's name, in a workbook whose rows come from several sheets (合格 and 不合格 lists apart).
    sheet: str = ""

    def as_dict(self) -> dict:
        values = asdict(self)
        if not self.sheet:
            del values["sheet"]  # the shape every job and API answer had before sheets were named
        return values

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        if self.sheet:
            where = f"工作表“{self.sheet}”{where}"
        return f"{where} · {self.field} · {self.reason}" if self.field else f"{where} · {self.reason}"


# ---------------------------------------------------------------- import templates


@dataclass(frozen=True)
class TemplateColumn:
    """One column of an import template: its field (headed by the field's preferred header text), a sample
    value for the sample row, and how to fill it in, for the 填表说明 sheet."""

    field: str
    sample: object
    how: str
    required: bool = False


TEMPLATE_NOTES = (
    "第 1 行是表头，按表头文字识别各列：列的顺序不限，也可以用“也可写作”一栏的写法。",
    "第 2 行是示例，填写前请删除或改写，否则会一并导入。",
    "上传后先检查、不写入；检查通过后在结果页点“确认导入”。任何一行有错，整张表都不导入，错误按“第 N 行 · 列 · 原因”列出。",
)


def template_sheets(title: str, headers: HeaderMap, columns, notes=()) -> list:
    """An import template as export sheets: the table with its header and one sample row, then 填表说明 (each
    column: required or not, how to fill it, the other header texts the import also reads; then the rules)."""
    table = (title, [headers.aliases[c.field][0] for c in columns], [[c.sample for c in columns]])
    guide = [
        [
            headers.aliases[c.field][0],
            "必填" if c.required else "选填",
            c.how,
            "、".join(headers.aliases[c.field][1:]),
        ]
        for c in columns
    ]
    guide += [[None, None, None, None]] + [["说明", None, note, None] for note in (*TEMPLATE_NOTES, *notes)]
    return [table, ("填表说明", ["列名", "是否必填", "怎样填写", "也可写作"], guide)]
