"""Search for Chinese terms of two characters and more (issue 15, item 2): through the bigram indexes, every word
of the box matched as a whole, scoped by the policy, the matched text marked on the page."""

import pytest
from django.db import connection

from core.search import highlight, terms_of
from tests.complaints.factories import ComplaintFactory
from tests.factories import EnterpriseFactory
from tests.inspections.factories import SpotCheckResultFactory

pytestmark = pytest.mark.django_db


def names_on(client, path: str, q: str) -> str:
    response = client.get(path, {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_two_characters_find_a_product_and_are_marked(client_for, office_user, reference):
    SpotCheckResultFactory(product_name="盘锦大米", producer_name="盘锦粮油有限公司")
    SpotCheckResultFactory(product_name="冻虾仁", producer_name="大洼水产有限公司")
    page = names_on(client_for(office_user), "/inspections/results/", "大米")
    assert "盘锦<mark>大米</mark>" in page
    assert "冻虾仁" not in page


def test_a_word_is_matched_whole_not_by_its_pieces(client_for, office_user, reference):
    # Every bigram of 大米饭 (大米, 米饭) is in this row, but the word is not.
    SpotCheckResultFactory(product_name="大米", producer_name="米饭加工厂")
    SpotCheckResultFactory(product_name="东北大米饭", producer_name="盘锦食品有限公司")
    page = names_on(client_for(office_user), "/inspections/results/", "大米饭")
    assert "东北<mark>大米饭</mark>" in page and "米饭加工厂" not in page


def test_every_word_must_match_and_one_character_still_searches(client_for, office_user, reference):
    SpotCheckResultFactory(product_name="盘锦大米", producer_name="甲粮油有限公司")
    SpotCheckResultFactory(product_name="盘锦大米", producer_name="乙米业有限公司")
    client = client_for(office_user)
    page = names_on(client, "/inspections/results/", "大米 粮油")
    assert "甲<mark>粮油</mark>有限公司" in page and "乙米业" not in page
    page = names_on(client, "/inspections/results/", "乙")
    assert "<mark>乙</mark>米业" in page and "甲粮油" not in page


def test_search_is_scoped_like_the_list(client_for, county_user, county, other_county):
    SpotCheckResultFactory(region=county, product_name="本县大米")
    SpotCheckResultFactory(region=other_county, product_name="外县大米")
    page = names_on(client_for(county_user), "/inspections/results/", "大米")
    assert "本县<mark>大米</mark>" in page and "外县" not in page


def test_complaints_are_found_by_subject_and_by_their_registered_enterprise(
    client_for, office_user, reference
):
    enterprise = EnterpriseFactory(name="盘锦示例石化有限公司")
    ComplaintFactory(subject="空调维修拖延", number="N-1")
    about = ComplaintFactory(subject="加油站计量不足", number="N-2")
    about.enterprise = enterprise
    about.save(update_fields=["enterprise"])
    ComplaintFactory(subject="快递丢件", number="N-3")
    client = client_for(office_user)
    page = names_on(client, "/complaints/", "维修")
    assert "空调<mark>维修</mark>拖延" in page and "快递丢件" not in page
    page = names_on(client, "/complaints/", "石化")
    assert "加油站计量不足" in page and "空调维修拖延" not in page


def test_enterprises_by_name_or_credit_code(client_for, office_user, reference):
    shown = EnterpriseFactory(name="盘锦科技有限公司")
    EnterpriseFactory(name="盘锦农业合作社")
    client = client_for(office_user)
    assert "盘锦<mark>科技</mark>有限公司" in names_on(client, "/org/enterprises/", "科技")
    page = names_on(client, "/org/enterprises/", shown.uscc[-8:].lower())
    assert "盘锦科技有限公司" in page and "盘锦农业合作社" not in page


def test_the_api_searches_the_same_way(api_for, office_user, reference):
    SpotCheckResultFactory(product_name="盘锦大米")
    SpotCheckResultFactory(product_name="冻虾仁")
    data = api_for(office_user).get("/api/v1/inspections/results/", {"q": "大米"}).json()
    assert [row["product_name"] for row in data["results"]] == ["盘锦大米"]


def test_highlight_escapes_what_it_does_not_mark():
    assert highlight("<b>盘锦大米</b>", "大米") == "&lt;b&gt;盘锦<mark>大米</mark>&lt;/b&gt;"
    assert highlight("ABC有限", "abc") == "<mark>ABC</mark>有限"
    assert highlight("无关", "") == "无关"
    assert terms_of("  大米   粮油 ") == ["大米", "粮油"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram function is PostgreSQL's")
def test_bigrams_are_lower_cased_and_hold_every_pair_of_each_word():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT portal_bigrams(%s), portal_bigrams(''), portal_bigrams('米'), portal_bigrams('大米粉')",
            ["Ab C\u3000大米\n饭米饭"],
        )
        grams, empty, single, word = cursor.fetchone()
    # Every pair of every word, lower-cased; the pairs across a space or a line break are there too, but no
    # search word holds one, so none is ever asked for.
    assert all(len(gram) == 2 for gram in grams)
    assert {gram for gram in grams if not any(c.isspace() for c in gram)} == {"ab", "大米", "饭米", "米饭"}
    assert sorted(word) == ["大米", "米粉"]
    assert empty == [] and single == []


def test_a_search_is_counted_exactly_to_a_lower_cap(client_for, office_user, reference, monkeypatch):
    from core import paging

    monkeypatch.setattr(paging, "SEARCH_COUNT_CAP", 3)
    for index in range(5):
        SpotCheckResultFactory(product_name=f"盘锦大米{index}")
    client = client_for(office_user)
    assert "超过 3 条（估计约" in names_on(client, "/inspections/results/", "大米")
    listed = client.get("/inspections/results/").content.decode()
    assert "共 5 条" in listed and "超过" not in listed
    api = client.get("/api/v1/inspections/results/", {"q": "大米"}).json()
    assert api["count"] >= 4 and len(api["results"]) == 5  # past the cap, the count is PostgreSQL's estimate
    assert client.get("/api/v1/inspections/results/").json()["count"] == 5


def test_results_are_found_by_names_however_they_were_written(tmp_path, client_for, office_user, reference):
    """The results' search goes through the table of their names (core.search.NameSearch), which a trigger fills
    on every INSERT and UPDATE: an ORM save, an UPDATE of many rows, and an import's COPY."""
    from inspections.models import SpotCheckResult
    from tests.inspections.test_import import run_import
    from tests.inspections.workbooks import untidy_table

    saved = SpotCheckResultFactory(product_name="冻虾仁", producer_name="盘锦旧名水产有限公司")
    SpotCheckResult.objects.filter(pk=saved.pk).update(producer_name="盘锦新名水产有限公司")
    assert run_import(tmp_path, untidy_table(), "--level", "municipal", "--year", "2015")[1] is None
    client = client_for(office_user)
    page = names_on(client, "/inspections/results/", "新名")
    assert "盘锦<mark>新名</mark>水产有限公司" in page
    assert "冻虾仁" not in names_on(client, "/inspections/results/", "旧名")  # its old name holds no row now
    imported = names_on(client, "/inspections/results/", "鼎翔")  # a name the imported table wrote
    assert "盘锦<mark>鼎翔</mark>米业" in imported and "冻虾仁" not in imported


def test_a_search_word_is_not_a_pattern(client_for, office_user, reference):
    # Both rows hold the bigrams of a_c; only the first holds the word (an unescaped _ would match b too).
    SpotCheckResultFactory(product_name="a_c", producer_name="甲厂")
    SpotCheckResultFactory(product_name="abc a_ _c", producer_name="乙厂")
    page = names_on(client_for(office_user), "/inspections/results/", "a_c")
    assert "甲厂" in page and "乙厂" not in page


def test_a_word_many_names_hold_is_matched_by_ilike(client_for, office_user, reference, monkeypatch):
    from core import search

    monkeypatch.setattr(search, "COMMON_NAMES", 1)
    SpotCheckResultFactory(product_name="盘锦大米", producer_name="甲厂")
    SpotCheckResultFactory(product_name="东北大米", producer_name="乙厂")
    SpotCheckResultFactory(product_name="冻虾仁", producer_name="丙厂")
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = names_on(client_for(office_user), "/inspections/results/", "大米")
    assert "甲厂" in page and "乙厂" in page and "丙厂" not in page
    listed = [q["sql"] for q in queries if "inspections_spotcheckresult" in q["sql"] and "LIKE" in q["sql"]]
    assert listed, "the rows are matched by LIKE, not by a list of the names"
