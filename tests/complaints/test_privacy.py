"""The complainant's personal data: masked for everyone but the complaint's handlers."""

import pytest

from complaints import privacy, selectors


def test_privacy_masks_names_and_phones():
    assert privacy.mask_name("张三") == "张*"
    assert privacy.mask_name("欧阳修远") == "欧***"
    assert privacy.mask_phone("13812341234") == "138****1234"
    assert privacy.mask_phone("0427-2823456") == "042*****3456"
    assert privacy.mask_phone("") == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user_fixture", "visible"),
    [
        ("office_user", True),
        ("hotline_user", True),
        ("leader_user", False),
        ("county_user", False),
    ],
)
def test_privacy_complainant_visible_to_handlers_only(request, complaint, user_fixture, visible):
    user = request.getfixturevalue(user_fixture)
    listed = selectors.complaints_for(user).get(pk=complaint.pk)
    expected = ("张三", "13812341234") if visible else ("张*", "138****1234")
    assert (privacy.complainant_name(user, listed), privacy.complainant_phone(user, listed)) == expected
    fresh = type(complaint).objects.get(pk=complaint.pk)
    assert privacy.complainant_name(user, fresh) == expected[0]
