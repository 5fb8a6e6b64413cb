"""Sorting and filtering never reveal a masked complainant: only those who see the name and phone sort by them."""

import io

import pytest
from openpyxl import load_workbook

from tests.complaints.factories import ComplaintFactory, local

pytestmark = pytest.mark.django_db

# Newest first (the lists' usual order) is c, b, a; by phone it is b, c, a; by name (pinyin-free, code point) a, c, b.
ROWS = [
    ("诉求甲", local(2015, 3, 2), "13900000003", "王五"),
    ("诉求乙", local(2015, 3, 3), "13700000001", "赵六"),
    ("诉求丙", local(2015, 3, 4), "13800000002", "李四"),
]
NEWEST_FIRST = ["诉求丙", "诉求乙", "诉求甲"]


@pytest.fixture
def complaints(reference):
    # Ticket numbers of letters only, so a search for a phone's digits can match nothing but the hidden phone
    # (the factory's sequence, T000001 …, contains "0001" under some test orders).
    return [
        ComplaintFactory(
            number=f"PRIV-{'ABC'[i]}",
            subject=s,
            received_at=at,
            complainant_phone=phone,
            complainant_name=name,
        )
        for i, (s, at, phone, name) in enumerate(ROWS)
    ]


def page_order(client, **query) -> list[str]:
    content = client.get("/complaints/", query).content.decode()
    return sorted(NEWEST_FIRST, key=content.index)


def export_order(client, **query) -> list[str]:
    content = client.get("/complaints/", {**query, "export": "xlsx"}).content
    subjects = [
        c.value for row in load_workbook(io.BytesIO(content)).active.iter_rows(min_row=3) for c in row
    ]
    return [s for s in subjects if s in NEWEST_FIRST]


def test_the_office_sorts_by_the_complainants_phone_and_name(client_for, office_user, complaints):
    client = client_for(office_user)
    assert page_order(client, sort="complainant_phone") == ["诉求乙", "诉求丙", "诉求甲"]
    assert page_order(client, sort="-complainant_phone") == ["诉求甲", "诉求丙", "诉求乙"]
    by_name = [s for s, *_ in sorted(ROWS, key=lambda r: r[3])]
    assert page_order(client, sort="complainant_name") == by_name


@pytest.mark.parametrize(
    "sort", ["complainant_phone", "-complainant_phone", "complainant_name", "-complainant_name"]
)
def test_who_sees_masks_cannot_learn_the_order_of_hidden_values(client_for, leader_user, complaints, sort):
    client = client_for(leader_user)
    assert "138****0002" in client.get("/complaints/").content.decode()  # the leader sees masks
    assert page_order(client, sort=sort) == NEWEST_FIRST
    assert export_order(client, sort=sort) == NEWEST_FIRST


@pytest.mark.parametrize(
    "query",
    [
        {"complainant_phone": "13700000001"},
        {"complainant_name": "赵六"},
        {"complainant_phone__startswith": "137"},
        {"ordering": "complainant_phone"},
        {"ordering": "-complainant_phone"},
        {"search": "13700000001"},
    ],
)
def test_who_sees_masks_cannot_filter_or_order_by_hidden_values(
    client_for, api_for, leader_user, complaints, query
):
    listed = api_for(leader_user).get("/api/v1/complaints/", query).json()["results"]
    assert [c["subject"] for c in listed] == NEWEST_FIRST
    assert {c["complainant_phone"] for c in listed} == {"139****0003", "137****0001", "138****0002"}
    assert page_order(client_for(leader_user), **query) == NEWEST_FIRST


@pytest.mark.parametrize("q", ["13700000001", "0001", "赵六"])
def test_search_does_not_match_hidden_values(client_for, api_for, leader_user, complaints, q):
    assert api_for(leader_user).get("/api/v1/complaints/", {"q": q}).json()["count"] == 0
    assert "诉求乙" not in client_for(leader_user).get("/complaints/", {"q": q}).content.decode()
