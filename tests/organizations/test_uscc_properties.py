"""Properties of the GB 32100 check character: generated codes pass, any single changed character fails."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from organizations.uscc import ALPHABET, make_uscc, validate_uscc

bodies = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


@given(bodies)
def test_uscc_generated_codes_are_accepted_as_typed_by_hand(body):
    code = make_uscc(body)
    validate_uscc(code)
    validate_uscc(f" {code[:9].lower()} {code[9:]} ")  # lower case and spaces, as copied from a certificate


@given(bodies, st.integers(0, 17), st.sampled_from(ALPHABET))
def test_uscc_any_single_substitution_is_rejected(body, position, character):
    code = make_uscc(body)
    changed = code[:position] + character + code[position + 1 :]
    if changed == code:
        return
    with pytest.raises(ValidationError) as error:
        validate_uscc(changed)
    assert error.value.error_list[0].code == "uscc_check"


@given(bodies, st.integers(0, 17), st.sampled_from("IOSVZ*-"))
def test_uscc_a_character_outside_the_alphabet_is_rejected(body, position, character):
    code = make_uscc(body)
    with pytest.raises(ValidationError) as error:
        validate_uscc(code[:position] + character + code[position + 1 :])
    assert error.value.error_list[0].code == "uscc_chars"
