"""统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters, the last a check character."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
USCC_REGEX = rf"^[{ALPHABET}]{{18}}$"
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 3^(i-1) mod 31 for positions 1..17


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize_uscc(value: str) -> str:
    """Upper-case, without spaces: how people type codes copied from certificates."""
    return "".join(str(value).split()).upper()


def validate_uscc(value: str) -> None:
    code = normalize_uscc(value)
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，“%(code)s”为%(n)s位。"),
            params={"code": value, "n": len(code)},
            code="uscc_length",
        )
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        raise ValidationError(
            _("统一社会信用代码“%(code)s”含有不允许的字符：%(chars)s（不使用 I、O、S、V、Z）。"),
            params={"code": value, "chars": "、".join(bad)},
            code="uscc_chars",
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("统一社会信用代码“%(code)s”校验位错误：第18位应为 %(expected)s。"),
            params={"code": value, "expected": expected},
            code="uscc_check",
        )


def make_uscc(body17: str) -> str:
    """Complete 17 characters with their check character (demo data, tests)."""
    return body17 + check_character(body17)
