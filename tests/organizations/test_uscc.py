import pytest
from django.core.exceptions import ValidationError

from organizations.uscc import ALPHABET, check_character, make_uscc, validate_uscc

# Published codes of real enterprises and a standard's example.
KNOWN_VALID = ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"]


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_uscc_known_valid_codes_pass(code):
    validate_uscc(code)


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_uscc_every_corrupted_check_character_fails(code):
    for wrong in ALPHABET:
        if wrong == code[-1]:
            continue
        with pytest.raises(ValidationError) as info:
            validate_uscc(code[:-1] + wrong)
        assert "校验位错误" in info.value.messages[0]
        assert f"应为 {code[-1]}" in info.value.messages[0]


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_uscc_single_character_substitution_in_body_is_detected(code):
    for position in range(17):
        for replacement in ALPHABET:
            if replacement == code[position]:
                continue
            corrupted = code[:position] + replacement + code[position + 1 :]
            with pytest.raises(ValidationError):
                validate_uscc(corrupted)


def test_uscc_length_and_forbidden_characters_have_chinese_reasons():
    with pytest.raises(ValidationError) as info:
        validate_uscc("9135010")
    assert "应为18位" in info.value.messages[0]
    with pytest.raises(ValidationError) as info:
        validate_uscc("91350100M000100I43")
    assert "不允许的字符" in info.value.messages[0] and "I" in info.value.messages[0]


def test_uscc_lowercase_and_spaces_are_normalised():
    validate_uscc(" 91350100m000100y43 ")


def test_uscc_weights_follow_gb32100():
    # 3^(i-1) mod 31 for i = 1..17, as printed in the standard.
    from organizations.uscc import WEIGHTS

    assert WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    assert check_character(make_uscc("91211103MA0000000")[:17]) == make_uscc("91211103MA0000000")[-1]
