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


# 组织机构代码 (organisation code), GB 11714-1997: 8 characters and a check character, often written
# “12345678-9”. The credit code that replaced it keeps it as its 9th to 17th characters, so a table that
# gives only the old code still finds the enterprise.
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}


def org_check_character(first8: str) -> str:
    remainder = 11 - sum(_ORG_VALUES[c] * w for c, w in zip(first8, ORG_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def normalize_org_code(value: str) -> str:
    """Upper-case, without spaces or the hyphen before the check character."""
    return normalize_uscc(value).replace("-", "").replace("－", "")


def validate_org_code(value: str) -> None:
    code = normalize_org_code(value)
    if len(code) != 9 or any(c not in _ORG_VALUES for c in code[:8]):
        raise ValidationError(
            _("组织机构代码“%(code)s”应为8位数字或大写字母加1位校验码（如 12345678-9）。"),
            params={"code": value},
            code="org_code_format",
        )
    expected = org_check_character(code[:8])
    if code[8] != expected:
        raise ValidationError(
            _("组织机构代码“%(code)s”校验码错误：第9位应为 %(expected)s。"),
            params={"code": value, "expected": expected},
            code="org_code_check",
        )


def org_code_of(uscc: str) -> str:
    """The organisation code a credit code embeds (its 9th to 17th characters)."""
    return uscc[8:17]


def make_org_code(body8: str) -> str:
    """Complete 8 characters with their check character (tests)."""
    return body8 + org_check_character(body8)
