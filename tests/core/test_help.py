"""使用说明 (issue 16 item 6): a page per area in plain Chinese naming every status word of the area, linked
from the area's pages; import templates with a sample row and a 填表说明 sheet; leaders' menus without the
developer entries."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from assessments.choices import Stage
from brands.choices import AwardState, RoundStatus
from complaints.choices import Status as ComplaintStatus
from core.help import AREAS
from core.navigation import menu_for
from inspections.choices import Conclusion, PlanStatus
from targets.choices import Status as TargetStatus
from targets.choices import SubmissionStatus

# Every status word a page of the area shows is explained on its help page.
WORDS = {
    "targets": [*TargetStatus.labels, *SubmissionStatus.labels, "年度未完"],
    "inspections": [*Conclusion.labels, *PlanStatus.labels],
    "brands": [*AwardState.labels, *RoundStatus.labels],
    "complaints": [*ComplaintStatus.labels, "受理", "延期", "中止", "督办", "重办"],
    "assessments": [*Stage.labels, "合理缺项", "一票否决"],
    "dashboards": ["暂不评判", "年度未完", "样本少", "统计口径"],
}


def test_every_area_has_its_words():
    assert {area.slug for area in AREAS} == set(WORDS)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(WORDS))
def test_help_page_explains_each_status_word(client_for, county_user, slug):
    page = client_for(county_user).get(reverse("help:area", args=[slug]))
    assert page.status_code == 200
    text = page.content.decode()
    missing = [str(word) for word in WORDS[slug] if str(word) not in text]
    assert not missing, f"{slug}: not explained: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "slug"),
    [
        ("/targets/", "targets"),
        ("/targets/measurements/", "targets"),
        ("/inspections/results/", "inspections"),
        ("/brands/awards/", "brands"),
        ("/complaints/", "complaints"),
        ("/complaints/overdue/", "complaints"),
        ("/assessments/results/", "assessments"),
        ("/dashboards/", "dashboards"),
    ],
)
def test_each_areas_pages_link_to_its_help(client_for, office_user, path, slug):
    html = client_for(office_user).get(path).content.decode()
    assert f'href="/help/{slug}/"' in html and "使用说明" in html


@pytest.mark.django_db
def test_help_index_lists_every_area_and_an_unknown_area_is_404(client_for, leader_user):
    client = client_for(leader_user)
    html = client.get(reverse("help:index")).content.decode()
    assert all(f"/help/{area.slug}/" in html for area in AREAS)
    assert client.get("/help/nothing/").status_code == 404


def guide(content: bytes):
    book = load_workbook(io.BytesIO(content))
    table, sheet = book.worksheets[0], book["填表说明"]
    headers = [c.value for c in table[1]]
    sample = [c.value for c in table[2]]
    notes = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    return headers, sample, notes


@pytest.mark.django_db
def test_spot_check_template_has_a_sample_row_that_imports_and_a_guide(client_for, office_user, tmp_path):
    response = client_for(office_user).get(reverse("inspections:import_template"))
    headers, sample, notes = guide(response.content)
    assert headers[:2] == ["产品名称", "规格型号"]
    assert sample[headers.index("产品名称")] == "大米" and sample[headers.index("检验结论")] == "合格"
    assert notes["产品名称"][1] == "必填" and "样品名称" in notes["产品名称"][3]
    assert set(headers) <= set(notes)  # each column is explained
    # The template as downloaded passes the import's check: its sample row is a valid row of ours.
    path = tmp_path / "模板.xlsx"
    path.write_bytes(response.content)
    out = io.StringIO()
    call_command(
        "import_spotchecks",
        str(path),
        "--level",
        "municipal",
        "--product-class",
        "food",
        "--dry-run",
        stdout=out,
    )
    assert "1" in out.getvalue()


@pytest.mark.django_db
def test_complaints_template_has_a_sample_row_that_imports_and_a_guide(client_for, office_user, tmp_path):
    client = client_for(office_user)
    assert 'href="/complaints/import/template/"' in client.get(reverse("complaints:import")).content.decode()
    response = client.get(reverse("complaints:import_template"))
    headers, sample, notes = guide(response.content)
    assert headers[0] == "工单编号" and sample[headers.index("所属县区")] == "兴隆台区"
    assert [h for h in headers if notes[h][1] == "必填"] == [
        "工单编号",
        "登记时间",
        "类别",
        "领域",
        "所属县区",
        "诉求标题",
    ]
    path = tmp_path / "模板.xlsx"
    path.write_bytes(response.content)
    out = io.StringIO()
    call_command("import_complaints", str(path), "--hotline", "12365", "--dry-run", stdout=out)
    assert "1" in out.getvalue()


@pytest.mark.django_db
def test_import_templates_are_for_those_who_import(client_for, county_user, leader_user):
    assert client_for(county_user).get(reverse("complaints:import_template")).status_code == 403
    assert client_for(leader_user).get(reverse("inspections:import_template")).status_code == 403


@pytest.mark.django_db
def test_leaders_menu_has_no_developer_entries(role_users):
    def labels(user):
        return {item["label"] for section in menu_for(user) for item in section["items"]}

    assert not {"接口文档", "统计运行"} & labels(role_users["leader"])
    assert {"接口文档", "统计运行"} <= labels(role_users["office"])
    assert "接口文档" in labels(role_users["county"])
    # The page itself stays where its own capability lets a leader in (a link from a dashboard's freshness line).
    assert "全市看板" in labels(role_users["leader"])
